package dev.landlockstudio.web.policy;

import dev.landlockstudio.web.api.RequestRefused;
import org.springframework.http.HttpStatus;

/** A change that does not say which version it is based on (no If-Match): 428, problem type version-required. */
final class VersionRequired extends RequestRefused {

    VersionRequired(String name) {
        super(HttpStatus.PRECONDITION_REQUIRED, "version-required", "say which version of " + name + " this change is"
                + " based on (If-Match: \"vN\", as the ETag of GET /api/policies/" + name + " gives it)");
    }
}
