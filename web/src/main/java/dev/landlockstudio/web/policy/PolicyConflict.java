package dev.landlockstudio.web.policy;

import dev.landlockstudio.web.api.RequestRefused;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A change to a stored policy that conflicts with what is stored: the name is taken (409, exists), or the change is
 * based on a version that is no longer the latest (412, stale, with the latest version). The UI shows the message
 * where the change was made.
 */
public final class PolicyConflict extends RequestRefused {

    private final Integer latestVersion;

    private PolicyConflict(HttpStatus status, String type, String message, Integer latestVersion) {
        super(status, type, message);
        this.latestVersion = latestVersion;
    }

    /** The version a stale change should have been based on; null for a name taken. */
    public Integer latestVersion() {
        return latestVersion;
    }

    @Override
    public Map<String, Object> properties() {
        return latestVersion == null ? Map.of() : Map.of("latestVersion", latestVersion);
    }

    static PolicyConflict exists(String name) {
        return new PolicyConflict(HttpStatus.CONFLICT, "exists", "a policy named " + name + " exists already; update it"
                + " (PUT with If-Match) or choose another name", null);
    }

    static PolicyConflict stale(String name, int basedOn, int latest) {
        return new PolicyConflict(HttpStatus.PRECONDITION_FAILED, "stale", "policy " + name + " is at v" + latest
                + ", but this change was based on v" + basedOn + ": reload it, apply the change again and save", latest);
    }
}
