package dev.landlockstudio.web.policy;

/**
 * Why a change to a stored policy was refused. The REST API answers with the status each kind names; the UI shows
 * the message where the change was made.
 */
public final class PolicyConflict extends RuntimeException {

    /** What went wrong, with its HTTP status. */
    public enum Kind {
        NOT_FOUND(404), EXISTS(409), STALE(412), VERSION_REQUIRED(428);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final Integer latestVersion;

    PolicyConflict(Kind kind, String message, Integer latestVersion) {
        super(message);
        this.kind = kind;
        this.latestVersion = latestVersion;
    }

    public Kind kind() {
        return kind;
    }

    /** The version a stale change should have been based on, when known. */
    public Integer latestVersion() {
        return latestVersion;
    }

    static PolicyConflict notFound(String name) {
        return new PolicyConflict(Kind.NOT_FOUND, "no policy named " + name, null);
    }

    static PolicyConflict versionNotFound(String name, int version) {
        return new PolicyConflict(Kind.NOT_FOUND, "policy " + name + " has no version " + version, null);
    }

    static PolicyConflict exists(String name) {
        return new PolicyConflict(Kind.EXISTS, "a policy named " + name + " exists already; update it (PUT with If-Match)"
                + " or choose another name", null);
    }

    static PolicyConflict stale(String name, int basedOn, int latest) {
        return new PolicyConflict(Kind.STALE, "policy " + name + " is at v" + latest + ", but this change was based on v"
                + basedOn + ": reload it, apply the change again and save", latest);
    }

    public static PolicyConflict versionRequired(String name) {
        return new PolicyConflict(Kind.VERSION_REQUIRED, "say which version of " + name + " this change is based on"
                + " (If-Match: \"vN\", as the ETag of GET /api/policies/" + name + " gives it)", null);
    }
}
