package dev.landlockstudio.enforcer.sandbox;

import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_CLOEXEC;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_DIRECTORY;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_NOFOLLOW;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_PATH;

import com.sun.jna.LastErrorException;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.LibC;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trial's own root, so that nothing it does can reach the host's files. {@link #run} gives a fresh thread a
 * private mount namespace and filesystem attributes of its own ({@code unshare(CLONE_FS | CLONE_NEWNS)}, which a
 * multithreaded process may do for one thread), with every mount made private: mounts made there never appear in
 * the host's mount table and vanish with the thread, even if the JVM dies. The body may mount there, then
 * {@link #enter} a directory: that thread's root becomes it, so the kernel itself resolves "/", ".." and absolute
 * symlinks inside it (an absolute link in a container rootfs means the container's "/"). Threads it starts (the
 * restricted probe threads) share that root and namespace; the rest of the JVM keeps the host's.
 *
 * <p>Like a restricted thread, a rooted one cannot load classes from a directory classpath once it has entered:
 * callers load what the body uses beforehand.
 */
public final class TrialRoot {

    private static final int CLONE_FS = 0x200;
    private static final int CLONE_NEWNS = 0x20000;
    private static final long MS_RDONLY = 1;
    private static final long MS_NOSUID = 2;
    private static final long MS_NODEV = 4;
    private static final long MS_REMOUNT = 32;
    private static final long MS_BIND = 4096;
    private static final long MS_REC = 16384;
    private static final long MS_PRIVATE = 1 << 18;
    private static final AtomicInteger COUNT = new AtomicInteger();
    /** Set on the threads {@link #run} made, once their namespace is their own: only they may enter a root. */
    private static final ThreadLocal<Boolean> OWN_NAMESPACE = ThreadLocal.withInitial(() -> false);

    private TrialRoot() {
    }

    /** Runs {@code body} on a fresh thread with a private mount namespace of its own, and waits for it. */
    public static <T> T run(Callable<T> body) throws Exception {
        RestrictedThread.preload();
        OWN_NAMESPACE.get();
        return FreshThread.call("landlock-studio-root-" + COUNT.incrementAndGet(), null, () -> {
            try {
                LibC.INSTANCE.unshare(CLONE_FS | CLONE_NEWNS);
            } catch (LastErrorException e) {
                throw new SyscallException("unshare", e.getErrorCode(), null, "the trial cannot get a mount namespace of its"
                        + " own, which it needs to keep the host's files out of reach: run as root (CAP_SYS_ADMIN)");
            }
            OWN_NAMESPACE.set(true);
            mount(null, "/", null, MS_REC | MS_PRIVATE, null, "make the trial's mounts private");
            return body.call();
        });
    }

    /** A directory as an O_PATH descriptor, refusing a symlink in its last component; close it with LibC.close. */
    public static int open(Path directory) {
        try {
            return LibC.INSTANCE.open(directory.toString(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new SyscallException("open", e.getErrorCode(), directory.toString(), directory
                    + (e.getErrorCode() == Errno.ENOENT ? " does not exist" : " is not a plain directory one may open")
                    + ": the trial's root must be a real directory");
        }
    }

    /**
     * Makes the directory {@code directory} (an open descriptor) the calling thread's root and working directory.
     * Only on a thread of {@link #run}: anywhere else it would move the whole JVM.
     */
    public static void enter(int directory) {
        if (!OWN_NAMESPACE.get()) {
            throw new IllegalStateException("a trial root is entered only on a thread of TrialRoot.run");
        }
        try {
            LibC.INSTANCE.fchdir(directory);
            LibC.INSTANCE.chroot(".");
            LibC.INSTANCE.chdir("/");
        } catch (LastErrorException e) {
            throw new SyscallException("chroot", e.getErrorCode(), null, "the trial cannot enter its own root: run as root"
                    + " (CAP_SYS_CHROOT)");
        }
    }

    /** Mounts {@code source} read-only (and without devices or set-user-ID) at {@code target}, in this namespace only. */
    public static void bindReadOnly(Path source, Path target) {
        if (!OWN_NAMESPACE.get()) {
            throw new IllegalStateException("a trial mounts only on a thread of TrialRoot.run");
        }
        mount(source.toString(), target.toString(), null, MS_BIND, null, "bind " + source + " for reading");
        mount(null, target.toString(), null, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, null,
                "make the view of " + source + " read-only");
    }

    private static void mount(String source, String target, String type, long flags, String data, String what) {
        try {
            LibC.INSTANCE.mount(source, target, type, flags, data);
        } catch (LastErrorException e) {
            throw new SyscallException("mount", e.getErrorCode(), target, "the trial cannot " + what + " in its own mount"
                    + " namespace: run as root (CAP_SYS_ADMIN)");
        }
    }
}
