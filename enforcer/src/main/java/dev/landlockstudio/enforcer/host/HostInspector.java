package dev.landlockstudio.enforcer.host;

import com.sun.jna.LastErrorException;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.enforcer.sandbox.Landlock;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.LibC;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the {@link HostReport} by asking the kernel, never by guessing from versions. */
public final class HostInspector {

    private static final int MNT_DETACH = 2;

    private HostInspector() {
    }

    /** The whole report; it mounts a test overlay, so callers that need only Landlock ask {@link #landlock()}. */
    public static HostReport inspect() {
        Support landlock = landlock();
        String overlay = overlayProblem();
        return new HostReport(read(Path.of("/proc/sys/kernel/osrelease")), landlock.abi(), landlock.errata(),
                landlock.unavailable(), overlay == null, overlay);
    }

    /**
     * This kernel's Landlock support.
     *
     * @param abi         null when Landlock is unavailable
     * @param unavailable why it is unavailable, else null
     */
    public record Support(Integer abi, Integer errata, String unavailable) {
    }

    public static Support landlock() {
        try {
            return new Support(Landlock.abi(), Landlock.errata(), null);
        } catch (SyscallException e) {
            return new Support(null, null, switch (e.errno()) {
                case Errno.ENOSYS -> "this kernel has no Landlock (ENOSYS): it needs CONFIG_SECURITY_LANDLOCK";
                case Errno.EOPNOTSUPP -> "Landlock is built in but disabled at boot (EOPNOTSUPP): add landlock to the lsm= parameter";
                case Errno.EPERM -> "the Landlock system calls are blocked (EPERM), probably by a seccomp filter";
                default -> "landlock_create_ruleset failed: " + Errno.name(e.errno());
            });
        }
    }

    /** Mounts and unmounts a tiny overlay in a private temporary directory; null when that worked, else why not. */
    public static String overlayProblem() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("landlock-studio-overlay-check");
            for (String sub : new String[] {"lower", "upper", "work", "merged"}) {
                Files.createDirectory(dir.resolve(sub));
            }
            String merged = dir.resolve("merged").toString();
            LibC.INSTANCE.mount("overlay", merged, "overlay", 0, "lowerdir=" + dir.resolve("lower") + ",upperdir="
                    + dir.resolve("upper") + ",workdir=" + dir.resolve("work"));
            LibC.INSTANCE.umount2(merged, MNT_DETACH);
            return null;
        } catch (LastErrorException e) {
            return switch (e.getErrorCode()) {
                case Errno.EPERM -> "this process may not mount (EPERM): OverlayFS needs CAP_SYS_ADMIN, as root";
                case 19 -> "the kernel has no OverlayFS (ENODEV): load the overlay module";
                default -> "mounting OverlayFS failed: " + Errno.name(e.getErrorCode());
            };
        } catch (IOException e) {
            return "cannot prepare a temporary directory: " + e.getMessage();
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            if (dir != null) {
                FileTrees.delete(dir);
            }
        } catch (IOException ignored) {
            // A leftover empty temporary directory is harmless; the report stays correct.
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
