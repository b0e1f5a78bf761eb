package dev.landlockstudio.enforcer;

import static org.assertj.core.api.Assertions.fail;

import dev.landlockstudio.enforcer.audit.AuditSwitch;
import dev.landlockstudio.enforcer.command.UnixUser;
import dev.landlockstudio.enforcer.host.HostInspector;
import org.junit.jupiter.api.Assumptions;

/**
 * What live tests need from this host, asked once: elsewhere a missing capability skips them with the reason; in CI
 * (CI=true) it fails them, because CI machines have everything and a skip there would hide a broken setup.
 */
public final class EnforcerTestSupport {

    public static final HostInspector.Support LANDLOCK = HostInspector.landlock();
    private static String overlayProblem;
    private static boolean overlayChecked;

    private EnforcerTestSupport() {
    }

    public static void requireLandlock() {
        require(LANDLOCK.abi() != null, "Landlock is unavailable here: " + LANDLOCK.unavailable());
    }

    /** Landlock, and the right to mount OverlayFS (and bind mounts). */
    public static synchronized void requireLandlockAndMounts() {
        requireLandlock();
        if (!overlayChecked) {
            overlayProblem = HostInspector.overlayProblem();
            overlayChecked = true;
        }
        require(overlayProblem == null, "OverlayFS cannot be mounted here: " + overlayProblem);
    }

    /** Landlock's denial records in the kernel log: ABI 7, root (to turn audit on and read /dev/kmsg), no audit daemon. */
    public static void requireDenialRecords() {
        requireLandlock();
        require(LANDLOCK.abi() >= 7, "Landlock logs denials from ABI 7 on; this kernel has ABI " + LANDLOCK.abi());
        require(UnixUser.current().uid() == 0, "turning audit on, reading /dev/kmsg and containing a command need root");
        int daemon = AuditSwitch.daemon();
        require(daemon == 0, "an audit daemon (pid " + daemon + ") takes the records, not the kernel log");
    }

    public static void require(boolean available, String reason) {
        if (available) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + reason);
        }
        Assumptions.abort(reason);
    }

    /** The host's ABI, at most the newest the compiler knows. */
    public static int abi() {
        requireLandlock();
        return Math.min(LANDLOCK.abi(), dev.landlockstudio.compiler.abi.AbiTable.newest());
    }
}
