package dev.landlockstudio.web.api;

import org.springframework.http.HttpStatus;

/** A well-formed request this server will not carry out, with the status and a message that says why. */
public final class RequestRefused extends RuntimeException {

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
}
