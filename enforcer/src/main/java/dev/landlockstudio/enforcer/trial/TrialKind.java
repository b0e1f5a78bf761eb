package dev.landlockstudio.enforcer.trial;

import java.util.Arrays;
import java.util.Optional;

/**
 * The four ways to try a policy, as the command line chooses them (--scratch, none, --overlay, -- COMMAND) and the web
 * names them (a dry run's {@code mode}); each {@link TrialMode} is one of them with what it needs.
 */
public enum TrialKind {

    /** {@link TrialMode.Scratch}. */
    SCRATCH("scratch"),
    /** {@link TrialMode.Host}. */
    HOST("host"),
    /** {@link TrialMode.Overlay}. */
    OVERLAY("overlay"),
    /** {@link TrialMode.Command}. */
    COMMAND("command");

    private final String id;

    TrialKind(String id) {
        this.id = id;
    }

    /** The name in the REST API, the pages and stored dry runs. */
    public String id() {
        return id;
    }

    public static Optional<TrialKind> byId(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id.equals(id)).findFirst();
    }
}
