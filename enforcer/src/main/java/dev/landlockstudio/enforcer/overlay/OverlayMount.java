package dev.landlockstudio.enforcer.overlay;

import com.sun.jna.LastErrorException;
import dev.landlockstudio.compiler.policy.PathComponents;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.enforcer.sandbox.OwnedTemporaryDirectories;
import dev.landlockstudio.enforcer.syscall.LibC;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OverlayFS mount of a lower directory (for example a container rootfs) under a private temporary directory,
 * with its own upper and work directories. The mount is made in the calling thread's mount namespace: trials make it
 * in a private one ({@link dev.landlockstudio.enforcer.sandbox.TrialRoot}), which the host never sees; made in the
 * host's, it is unmounted on close, and {@link #sweepLeftovers()} removes those a crashed run left behind.
 *
 * <p>The mount options are built here only, from directories checked by {@link #checkedDirectory}: OverlayFS reads
 * ',' as the next option, ':' as the next lower layer and '\' as an escape, so a path holding one would add options or
 * layers.
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
        OverlayMount mount = prepare(lower, ProcessHandle.current().pid());
        mount.mount();
        return mount;
    }

    /** As if made by process {@code owner}: tests stand in for a run that died. */
    static OverlayMount of(Path lower, long owner) throws IOException {
        OverlayMount mount = prepare(lower, owner);
        mount.mount();
        return mount;
    }

    /**
     * Checks {@code lower} and makes the layers' directories, mounting nothing yet: {@link #mount()} does, in the
     * namespace of the thread that calls it. {@link #lowerView()} is an empty directory beside them, where a trial
     * binds the lower layer read-only.
     *
     * @throws IllegalArgumentException when {@code lower} is not a plain existing directory (see {@link #checkedDirectory})
     */
    public static OverlayMount prepare(Path lower) throws IOException {
        return prepare(lower, ProcessHandle.current().pid());
    }

    /** As if prepared by process {@code owner}: tests stand in for a run that died. */
    static OverlayMount prepare(Path lower, long owner) throws IOException {
        Path checked = checkedDirectory(lower.toString());
        Path base = OwnedTemporaryDirectories.create(PREFIX, owner);
        OverlayMount mount = new OverlayMount(base, checked);
        try {
            if (optionProblem(base.toString()) != null) {
                throw new IOException("the temporary directory " + base + " " + optionProblem(base.toString())
                        + ": set java.io.tmpdir to a directory whose path has none of ',', ':', '\\'");
            }
            for (Path dir : List.of(mount.upper(), mount.work(), mount.merged(), mount.lowerView())) {
                Files.createDirectory(dir);
            }
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(base);
            throw e;
        }
        return mount;
    }

    /** Mounts the overlay at {@link #merged()}, in the calling thread's mount namespace. */
    public void mount() throws IOException {
        try {
            LibC.INSTANCE.mount("overlay", merged().toString(), "overlay", 0, "lowerdir=" + lower + ",upperdir=" + upper()
                    + ",workdir=" + work());
        } catch (LastErrorException e) {
            throw new SyscallException("mount", e.getErrorCode(), lower.toString(), "OverlayFS could not mount " + lower
                    + " as a lower layer: give a directory on a filesystem OverlayFS can read (not itself an overlay's upper"
                    + " layer), and run as root");
        }
    }

    /**
     * {@code given} as a plain existing directory whose real path OverlayFS reads as one directory: absolute, without
     * ".", ".." or empty components, none of ',', ':', '\' or control characters, not a symbolic link.
     *
     * @throws IllegalArgumentException saying what is wrong and what to give instead
     */
    public static Path checkedDirectory(String given) {
        if (given == null || given.isBlank()) {
            throw new IllegalArgumentException("give the absolute path of the directory to mount as the lower layer"
                    + " (a container rootfs, say); it is only ever read");
        }
        if (!given.startsWith("/")) {
            throw new IllegalArgumentException(given + " is relative: give the lower directory's absolute path, such as"
                    + " /var/lib/rootfs");
        }
        String problem = optionProblem(given);
        if (problem != null) {
            throw new IllegalArgumentException(given + " " + problem + ": give a directory whose path has none of them"
                    + " (bind-mount or move it to such a path)");
        }
        String unclear = PathComponents.unclear(given);
        if (unclear != null) {
            throw new IllegalArgumentException(given + " has " + unclear + ": give the directory's own path, such as "
                    + PathComponents.clean(given));
        }
        Path path = Path.of(given);
        if (Files.isSymbolicLink(path)) {
            throw new IllegalArgumentException(given + " is a symbolic link: give the directory it leads to");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(given + " does not exist on this host: give an existing directory (a"
                    + " container rootfs, say)");
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(given + " is not a directory: give the directory to mount as the lower layer");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException(given + " cannot be resolved here: give a directory this process may read");
        }
        String realProblem = optionProblem(real.toString());
        if (realProblem != null) {
            throw new IllegalArgumentException(given + " leads to " + real + ", which " + realProblem
                    + ": give a directory whose real path has none of ',', ':', '\\'");
        }
        return real;
    }

    /** Why OverlayFS would not read {@code path} as one directory, or null. */
    private static String optionProblem(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            String meaning = switch (c) {
                case ',' -> "',', which OverlayFS reads as the start of another mount option";
                case ':' -> "':', which OverlayFS reads as the start of another lower layer";
                case '\\' -> "'\\', which OverlayFS reads as an escape";
                default -> c < 0x20 || c == 0x7f ? "a control character" : null;
            };
            if (meaning != null) {
                return "holds " + meaning;
            }
        }
        return null;
    }

    /** The lower layer's real path. */
    public Path lower() {
        return lower;
    }

    public Path upper() {
        return base.resolve("upper");
    }

    private Path work() {
        return base.resolve("work");
    }

    public Path merged() {
        return base.resolve("merged");
    }

    /** An empty directory beside the layers, where a trial binds the lower layer read-only in its own namespace. */
    public Path lowerView() {
        return base.resolve("lower");
    }

    /** Unmounts what is mounted in the host's namespace, then removes the layers' directories. */
    @Override
    public void close() throws IOException {
        try {
            if (isMounted(merged())) {
                LibC.INSTANCE.umount2(merged().toString(), MNT_DETACH);
            }
        } catch (LastErrorException e) {
            throw new SyscallException("umount2", e.getErrorCode(), merged().toString(), "the overlay at " + merged()
                    + " could not be unmounted: unmount it by hand (umount -l)");
        } finally {
            if (!isMounted(merged())) {
                FileTrees.delete(base);
            }
        }
    }

    /**
     * Unmounts and removes what runs that died left behind, never what a process still running owns (another trial,
     * the web app's dry run): mounts in the host's namespace, and the layers' directories of mounts made in a trial's
     * own namespace, which vanished with it. Returns the mount points it unmounted.
     */
    public static List<String> sweepLeftovers() throws IOException {
        List<String> swept = new ArrayList<>();
        for (String mountPoint : overlayMountPoints()) {
            if (OwnedTemporaryDirectories.ownerAlive(PREFIX, Path.of(mountPoint).getParent().getFileName().toString())) {
                continue;
            }
            try {
                LibC.INSTANCE.umount2(mountPoint, MNT_DETACH);
                swept.add(mountPoint);
            } catch (LastErrorException e) {
                // Another process's mount, or one already gone: leave it.
            }
        }
        List<String> stillMounted = overlayMountPoints();
        for (Path base : OwnedTemporaryDirectories.leftovers(PREFIX)) {
            if (stillMounted.stream().noneMatch(m -> Path.of(m).startsWith(base))) {
                FileTrees.delete(base);
            }
        }
        return swept;
    }

    /** Mount points of this class's overlays in the host's namespace (the process's), from /proc/self/mounts. */
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
