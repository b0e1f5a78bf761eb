package dev.landlockstudio.enforcer.probe;

import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_CLOEXEC;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_CREAT;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_DIRECTORY;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_NOCTTY;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_NONBLOCK;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_PATH;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_RDONLY;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_TRUNC;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_WRONLY;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.LibC;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tries one access with the system call it names and reports what the kernel answered. Reads, write opens (which
 * neither truncate nor create) and truncate (to the current length) change nothing; open_trunc, creat, creation,
 * removal, rename and link change the paths given, which callers choose in a scratch tree, a fresh overlay or under
 * unique names of their own. execute spawns the path, so callers give it only files they made: an empty file, which
 * the kernel opens for execution (where Landlock decides) and then refuses with ENOEXEC, so nothing runs. ioctl_dev
 * opens the device for reading (or writing, if reading is denied) and asks for its terminal settings, which a
 * non-terminal refuses with ENOTTY. resolve_unix connects to a server the caller listens with at the path.
 */
public final class ProbeRunner {

    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_TYPE = 1;
    /** Where stx_mode (u16) sits in struct statx, the same on every architecture. */
    private static final int STATX_MODE_OFFSET = 0x1c;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    /** /dev/null's device number (1, 3); the node made is a name only, nothing opens it. */
    private static final long NULL_DEVICE = (1L << 8) | 3;
    private static final int AF_INET = 2;
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_DGRAM = 2;
    /** An ioctl that Landlock does not always allow and that a device other than a terminal refuses with ENOTTY. */
    private static final long TCGETS = 0x5401;

    /** Allowed; denied by the kernel's access control; or failed for another reason (the path is missing, ...). */
    public enum Result { ALLOWED, DENIED, ERROR }

    /** @param errno the errno's name, null when allowed */
    public record Outcome(Result result, String errno) {

        static final Outcome ALLOWED = new Outcome(Result.ALLOWED, null);

        /** "allowed", the errno of a denial, or "error ERRNO". */
        public String describe() {
            return switch (result) {
                case ALLOWED -> "allowed";
                case DENIED -> errno;
                case ERROR -> "error " + errno;
            };
        }

        /** What a system call's errno says: a denial (EACCES, EXDEV, EPERM) or another failure. */
        public static Outcome of(int errno) {
            boolean denied = errno == Errno.EACCES || errno == Errno.EXDEV || errno == Errno.EPERM;
            return new Outcome(denied ? Result.DENIED : Result.ERROR, Errno.name(errno));
        }
    }

    static {
        // Loaded now, unrestricted: a restricted thread cannot open class files on a directory classpath.
        Outcome.of(Errno.EACCES).describe();
        SocketCall.class.getName();
        new NotOpened("/", "preloaded").getMessage();
    }

    private ProbeRunner() {
    }

    /** Tries a filesystem access. */
    public static Outcome run(AccessRequest request) {
        return run(request, null);
    }

    /**
     * Tries an access; network and scope probes reach {@code peers}: connect goes to 127.0.0.1 (where the caller
     * listens on the ports it probes), signal to the peers' process, abstract sockets to the peers' server.
     */
    public static Outcome run(AccessRequest request, Peers peers) {
        return run(request, peers, false);
    }

    /**
     * As {@link #run(AccessRequest, Peers)}, for the host's own paths: read_file, write_file and read_dir open only a
     * regular file or a directory. The path is opened with O_PATH first (which opens nothing, never blocks and
     * Landlock does not check), its type read from that descriptor, and only then is that same inode opened through
     * /proc/self/fd with the probe's flags plus O_NONBLOCK and O_NOCTTY, where Landlock decides as on a plain open.
     *
     * @throws NotOpened when the entry is anything else (a FIFO, a socket, a device)
     */
    public static Outcome runOnRealPaths(AccessRequest request, Peers peers) {
        return run(request, peers, true);
    }

    private static Outcome run(AccessRequest request, Peers peers, boolean realPaths) {
        try {
            attempt(request, peers, realPaths);
            return Outcome.ALLOWED;
        } catch (LastErrorException e) {
            return Outcome.of(e.getErrorCode());
        }
    }

    private static void attempt(AccessRequest request, Peers peers, boolean realPaths) {
        LibC libc = LibC.INSTANCE;
        String path = request.path();
        if (realPaths) {
            switch (request.operation()) {
                case READ_FILE -> openFileOrDirectory(path, O_RDONLY, 0);
                case WRITE_FILE -> openFileOrDirectory(path, O_WRONLY, 0);
                case READ_DIR -> openFileOrDirectory(path, O_RDONLY | O_DIRECTORY, O_DIRECTORY);
                default -> attempt(request, peers, false);
            }
            return;
        }
        switch (request.operation()) {
            case EXECUTE -> execute(path);
            case IOCTL_DEV -> ioctlOnDevice(path);
            case READ_FILE -> libc.close(libc.open(path, O_RDONLY | O_CLOEXEC, 0));
            case WRITE_FILE -> libc.close(libc.open(path, O_WRONLY | O_CLOEXEC, 0));
            case READ_DIR -> libc.close(libc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0));
            case TRUNCATE -> libc.truncate(path, currentLength(path));
            case OPEN_TRUNC -> libc.close(libc.open(path, O_WRONLY | O_TRUNC | O_CLOEXEC, 0));
            case CREAT -> libc.close(libc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
            case MAKE_SOCK -> libc.mknod(path, S_IFSOCK | 0600, 0);
            case MAKE_CHAR -> libc.mknod(path, S_IFCHR | 0600, NULL_DEVICE);
            case MAKE_BLOCK -> libc.mknod(path, S_IFBLK | 0600, NULL_DEVICE);
            case MAKE_REG -> libc.mknod(path, S_IFREG | 0600, 0);
            case MAKE_DIR -> libc.mkdir(path, 0700);
            case MAKE_SYM -> libc.symlink("target", path);
            case MAKE_FIFO -> libc.mknod(path, S_IFIFO | 0600, 0);
            case REMOVE_FILE -> libc.unlink(path);
            case REMOVE_DIR -> libc.rmdir(path);
            case RENAME -> libc.rename(path, request.destination());
            case LINK -> libc.link(path, request.destination());
            case BIND_TCP -> onSocket(AF_INET, SOCK_STREAM, fd -> libc.bind(fd, inet(request.port()), 16));
            case CONNECT_TCP -> onSocket(AF_INET, SOCK_STREAM, fd -> libc.connect(fd, inet(request.port()), 16));
            case BIND_UDP -> onSocket(AF_INET, SOCK_DGRAM, fd -> libc.bind(fd, inet(request.port()), 16));
            case CONNECT_SEND_UDP -> onSocket(AF_INET, SOCK_DGRAM, fd -> libc.connect(fd, inet(request.port()), 16));
            case RESOLVE_UNIX -> onSocket(AF_UNIX, SOCK_STREAM, fd -> libc.connect(fd, Peers.unixAddress(path, false),
                    Peers.unixAddressLength(path)));
            case SIGNAL -> libc.kill(peers.signalledPid(), 0);
            case ABSTRACT_UNIX_SOCKET -> onSocket(AF_UNIX, SOCK_STREAM, fd -> libc.connect(fd,
                    Peers.unixAddress(peers.abstractName(), true), Peers.unixAddressLength(peers.abstractName())));
        }
    }

    private static void openFileOrDirectory(String path, int flags, int pathFlags) {
        LibC libc = LibC.INSTANCE;
        int located = libc.open(path, O_PATH | O_CLOEXEC | pathFlags, 0);
        try {
            int type;
            try (Memory stat = new Memory(256)) {
                libc.statx(located, "", AT_EMPTY_PATH, STATX_TYPE, stat);
                type = (stat.getShort(STATX_MODE_OFFSET) & 0xffff) & S_IFMT;
            }
            if (type != S_IFREG && type != S_IFDIR) {
                throw new NotOpened(path, switch (type) {
                    case S_IFIFO -> "a FIFO";
                    case S_IFSOCK -> "a UNIX socket";
                    case S_IFCHR -> "a character device";
                    case S_IFBLK -> "a block device";
                    default -> "neither a regular file nor a directory";
                });
            }
            libc.close(libc.open("/proc/self/fd/" + located, flags | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0));
        } finally {
            libc.close(located);
        }
    }

    private static void execute(String path) {
        int[] pid = new int[1];
        int error = LibC.INSTANCE.posix_spawn(pid, path, null, null, new String[] {path, null}, new String[] {null});
        if (error == 0) {
            LibC.INSTANCE.waitpid(pid[0], new int[1], 0);
        } else if (error != Errno.ENOEXEC) {
            throw new LastErrorException(error);
        }
    }

    private static void ioctlOnDevice(String path) {
        LibC libc = LibC.INSTANCE;
        int fd;
        try {
            fd = libc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EACCES) {
                throw e;
            }
            try {
                fd = libc.open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0);
            } catch (LastErrorException writeFailed) {
                throw e; // the read's denial, as the evaluator reports it
            }
        }
        try (Memory settings = new Memory(256)) {
            libc.ioctl(fd, TCGETS, settings);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.ENOTTY) {
                throw e;
            }
        } finally {
            libc.close(fd);
        }
    }

    private interface SocketCall {
        void on(int fd);
    }

    private static void onSocket(int family, int type, SocketCall call) {
        int fd = LibC.INSTANCE.socket(family, type, 0);
        try {
            call.on(fd);
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    /** sockaddr_in for 127.0.0.1:port, in network byte order. */
    private static Memory inet(int port) {
        Memory address = new Memory(16);
        address.clear();
        address.setShort(0, (short) AF_INET);
        address.setByte(2, (byte) (port >> 8));
        address.setByte(3, (byte) port);
        address.setByte(4, (byte) 127);
        address.setByte(7, (byte) 1);
        return address;
    }

    /** stat(2) is not restricted by Landlock (§2.13); a missing file lets truncate report ENOENT itself. */
    private static long currentLength(String path) {
        try {
            return Files.exists(Path.of(path)) ? Files.size(Path.of(path)) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
