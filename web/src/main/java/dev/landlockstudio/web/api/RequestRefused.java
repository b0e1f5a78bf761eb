package dev.landlockstudio.web.api;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A well-formed request this server will not carry out: its status, its problem type (the last segment of
 * {@code https://landlockstudio.dev/problems/TYPE}), a message that says why, and what else a client needs to act on it.
 * A feature's own refusals ({@link NotFound}, a policy's conflicts) are kinds of it, so that the API's problems and
 * the pages' error page answer each of them the one same way.
 */
public class RequestRefused extends RuntimeException {

    private final HttpStatus status;
    private final String type;

    public RequestRefused(HttpStatus status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** Members of the problem beyond status, type, title and detail (such as a stale change's latestVersion). */
    public Map<String, Object> properties() {
        return Map.of();
    }
}
