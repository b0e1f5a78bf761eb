package dev.landlockstudio.compiler.evaluator;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One access to decide.
 *
 * @param path        the path of a path operation, or the source of rename and link
 * @param destination the destination of rename and link, else null
 * @param port        the port of a network operation, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessRequest(Operation operation, String path, String destination, Integer port) {

    public AccessRequest {
        switch (operation.target()) {
            case PATH, PARENT -> require(path != null && path.startsWith("/"), operation + " needs an absolute path");
            case TWO_PATHS -> require(path != null && path.startsWith("/") && destination != null && destination.startsWith("/"),
                    operation + " needs an absolute source and destination");
            case PORT -> require(port != null && port >= 0 && port <= 65535, operation + " needs a port from 0 to 65535");
            case SCOPE -> { }
        }
    }

    /**
     * The access an operation's name and arguments make; IllegalArgumentException says which argument is missing or
     * wrong, naming it as {@code names} does (path, destination, port).
     */
    public static AccessRequest of(String operation, String path, String destination, Integer port, Names names) {
        Operation op = Operation.named(operation).orElseThrow(() -> new IllegalArgumentException(
                "unknown access '" + operation + "'; expected one of " + String.join(", ", Operation.names())));
        return switch (op.target()) {
            case PATH, PARENT -> onPath(op, given(path, op, names.path()));
            case TWO_PATHS -> move(op, given(path, op, names.path()), given(destination, op, names.destination()));
            case PORT -> onPort(op, given(port, op, names.port()));
            case SCOPE -> outside(op);
        };
    }

    /** How the caller names the arguments, for its messages. */
    public record Names(String path, String destination, String port) {
    }

    private static <T> T given(T value, Operation op, String name) {
        if (value == null) {
            throw new IllegalArgumentException(op.documentName() + " needs " + name);
        }
        return value;
    }

    public static AccessRequest onPath(Operation operation, String path) {
        return new AccessRequest(operation, path, null, null);
    }

    public static AccessRequest move(Operation operation, String source, String destination) {
        return new AccessRequest(operation, source, destination, null);
    }

    public static AccessRequest onPort(Operation operation, int port) {
        return new AccessRequest(operation, null, null, port);
    }

    /** A signal or abstract socket connection to a peer outside the domain. */
    public static AccessRequest outside(Operation operation) {
        return new AccessRequest(operation, null, null, null);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
