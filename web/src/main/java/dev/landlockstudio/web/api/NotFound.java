package dev.landlockstudio.web.api;

import org.springframework.http.HttpStatus;

/** What a request names does not exist (a policy, one of its versions, a dry run): 404, problem type not-found. */
public final class NotFound extends RequestRefused {

    public NotFound(String message) {
        super(HttpStatus.NOT_FOUND, "not-found", message);
    }
}
