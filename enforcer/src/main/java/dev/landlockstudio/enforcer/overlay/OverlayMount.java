package dev.landlockstudio.enforcer.overlay;

import com.sun.jna.LastErrorException;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.enforcer.syscall.LibC;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OverlayFS mount of a lower directory (for example a container rootfs) under a private temporary directory,
 * with its own upper and work directories. The mount is made in the host's mount namespace, so it is always
 * unmounted on close, and {@link #sweepLeftovers()} removes those a crashed run left behind.
 */
public final class OverlayMount implements AutoCloseable {

    /** Every mount this class makes lives in a directory named this, then the owning process's pid and '-'. */
    static final String PREFIX = "landlock-studio-overlay-";
    private static final int MNT_DETACH = 2;

    private final Path base;
    private final Path lower;

    private OverlayMount(Path base, Path lower) {
        this.base = base;
        this.lower = lower;
    }

    /** Mounts {@code lower} read-only beneath a fresh upper layer; the merged view is {@link #merged()}. */
    public static OverlayMount of(Path lower) throws IOException {
        return of(lower, ProcessHandle.current().pid());
    }

    /** As if made by process {@code owner}: tests stand in for a run that died. */
    static OverlayMount of(Path lower, long owner) throws IOException {
        Path base = Files.createTempDirectory(PREFIX + owner + "-");
        for (String dir : List.of("upper", "work", "merged")) {
            Files.createDirectory(base.resolve(dir));
        }
        try {
            LibC.INSTANCE.mount("overlay", base.resolve("merged").toString(), "overlay", 0, "lowerdir=" + lower
                    + ",upperdir=" + base.resolve("upper") + ",workdir=" + base.resolve("work"));
        } catch (LastErrorException e) {
            FileTrees.delete(base);
            throw new SyscallException("mount overlay", e.getErrorCode(), lower.toString());
        }
        return new OverlayMount(base, lower);
    }

    public Path lower() {
        return lower;
    }

    public Path upper() {
        return base.resolve("upper");
    }

    public Path merged() {
        return base.resolve("merged");
    }

    @Override
    public void close() throws IOException {
        try {
            LibC.INSTANCE.umount2(merged().toString(), MNT_DETACH);
        } catch (LastErrorException e) {
            throw new SyscallException("umount2", e.getErrorCode(), merged().toString());
        } finally {
            if (!isMounted(merged())) {
                FileTrees.delete(base);
            }
        }
    }

    /**
     * Unmounts and removes what runs that died left behind, never the mounts of a process still running (another trial,
     * the web app's dry run); returns the mount points it cleaned.
     */
    public static List<String> sweepLeftovers() throws IOException {
        List<String> swept = new ArrayList<>();
        for (String mountPoint : overlayMountPoints()) {
            if (ownerAlive(Path.of(mountPoint).getParent().getFileName().toString())) {
                continue;
            }
            try {
                LibC.INSTANCE.umount2(mountPoint, MNT_DETACH);
                swept.add(mountPoint);
                FileTrees.delete(Path.of(mountPoint).getParent());
            } catch (LastErrorException e) {
                // Another process's mount, or one already gone: leave it.
            }
        }
        return swept;
    }

    /** Whether the process that named this directory runs; a name without a pid (an older layout) has no owner. */
    private static boolean ownerAlive(String directory) {
        String rest = directory.substring(PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash <= 0 || !rest.substring(0, dash).chars().allMatch(Character::isDigit)) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(rest.substring(0, dash))).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Mount points of this class's overlays, from /proc/self/mounts. */
    static List<String> overlayMountPoints() throws IOException {
        List<String> points = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] fields = line.split(" ");
            if (fields.length > 2 && fields[2].equals("overlay") && fields[1].contains("/" + PREFIX)) {
                points.add(fields[1].replace("\\040", " "));
            }
        }
        return points;
    }

    static boolean isMounted(Path mountPoint) throws IOException {
        return overlayMountPoints().contains(mountPoint.toString());
    }
}
