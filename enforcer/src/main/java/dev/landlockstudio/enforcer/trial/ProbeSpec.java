package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.policy.PathComponents;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Probes written on the command line: {@code OP:PATH}, {@code rename:SRC:DEST} and {@code link:SRC:DEST},
 * {@code bind_tcp:PORT} (and the other port accesses), {@code signal} and {@code abstract_unix_socket}.
 */
public final class ProbeSpec {

    /**
     * What may be tried on the host's own paths: accesses that change nothing. Not resolve_unix: its listener would
     * be bound at the path.
     */
    public static final Set<Operation> HARMLESS = Set.of(Operation.READ_FILE, Operation.READ_DIR, Operation.WRITE_FILE,
            Operation.BIND_TCP, Operation.CONNECT_TCP, Operation.BIND_UDP, Operation.CONNECT_SEND_UDP, Operation.SIGNAL,
            Operation.ABSTRACT_UNIX_SOCKET);

    private ProbeSpec() {
    }

    /** The probe {@code spec} names; IllegalArgumentException says what is wrong with it. */
    public static AccessRequest parse(String spec) {
        String[] parts = spec.split(":", 3);
        Operation op = Operation.named(parts[0]).orElseThrow(() -> new IllegalArgumentException(
                "probe '" + spec + "': unknown access '" + parts[0] + "'; expected one of " + String.join(", ", Operation.names())));
        AccessRequest probe = switch (op.target()) {
            // A path may hold ':' itself: everything after the access is the path.
            case PATH, PARENT -> AccessRequest.onPath(op, part(spec.split(":", 2), 1, spec, "a path"));
            case TWO_PATHS -> AccessRequest.move(op, part(parts, 1, spec, "a source"), part(parts, 2, spec, "a destination"));
            case PORT -> AccessRequest.onPort(op, port(part(parts, 1, spec, "a port"), spec));
            case SCOPE -> AccessRequest.outside(op);
        };
        String problem = unclearPath(probe);
        if (problem != null) {
            throw new IllegalArgumentException("probe '" + spec + "': " + problem);
        }
        return probe;
    }

    /**
     * {@code probes}, when every path in them names its entry directly.
     *
     * @throws IllegalArgumentException naming the first probe with a "..", "." or empty component
     */
    public static List<AccessRequest> requireNamed(List<AccessRequest> probes) {
        for (AccessRequest probe : probes) {
            String problem = unclearPath(probe);
            if (problem != null) {
                throw new IllegalArgumentException("probe '" + format(probe) + "': " + problem);
            }
        }
        return probes;
    }

    /** What is wrong with a path of the probe, or null. */
    private static String unclearPath(AccessRequest probe) {
        for (String path : Stream.of(probe.path(), probe.destination()).filter(Objects::nonNull).toList()) {
            String unclear = PathComponents.unclear(path);
            if (unclear != null) {
                return "\"" + path + "\" has " + unclear + ": a trial resolves every path inside its own root, so give"
                        + " the path itself, such as " + PathComponents.clean(path);
            }
        }
        return null;
    }

    /** The spec that {@link #parse} reads back into {@code probe}. */
    public static String format(AccessRequest probe) {
        String op = probe.operation().documentName();
        return switch (probe.operation().target()) {
            case PATH, PARENT -> op + ":" + probe.path();
            case TWO_PATHS -> op + ":" + probe.path() + ":" + probe.destination();
            case PORT -> op + ":" + probe.port();
            case SCOPE -> op;
        };
    }

    private static String part(String[] parts, int index, String spec, String what) {
        if (parts.length <= index || parts[index].isEmpty()) {
            throw new IllegalArgumentException("probe '" + spec + "' needs " + what
                    + " (forms: OP:PATH, rename:SRC:DEST, bind_tcp:PORT, signal)");
        }
        return parts[index];
    }

    private static int port(String text, String spec) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("probe '" + spec + "': '" + text + "' is not a port");
        }
    }
}
