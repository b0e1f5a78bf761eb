package dev.landlockstudio.enforcer.audit;

import java.util.function.Supplier;

/**
 * A host-wide kernel setting changed while someone in this process needs it: changed by the first who takes it, put
 * back by the last who gives it back, so that two users at once (a test and a learn, two learns of the web app) never
 * put it back under each other.
 */
final class HostSettingLease {

    private int users;
    private Runnable restore;

    /** {@code change} changes the setting and returns what puts it back; it runs only for the first user. */
    synchronized void take(Supplier<Runnable> change) {
        if (users == 0) {
            restore = change.get();
        }
        users++;
    }

    synchronized void giveBack() {
        users--;
        if (users == 0) {
            restore.run();
            restore = null;
        }
    }
}
