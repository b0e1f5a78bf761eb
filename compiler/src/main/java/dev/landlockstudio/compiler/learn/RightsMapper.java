package dev.landlockstudio.compiler.learn;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.audit.Ignored;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.policy.PathComponents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Maps recorded system calls to the Landlock rights they need (landlock-facts.md §1.2, §2): opens by their flags,
 * creation and removal as make_* and remove_* on the directory the entry is in, moves and links across directories as
 * refer, execve as execute and read_file, TCP (and UDP) connect and bind as their ports, a pathname UNIX connect as
 * resolve_unix. Relative paths are resolved against each process's working directory, followed through chdir, fchdir
 * and forks, and against the directories strace -y names after descriptors. Only successful calls are accesses;
 * failed ones are noted. A call it does not know, or cannot place, is ignored with the reason.
 */
final class RightsMapper {

    private static final long EXECUTE = fs("execute");
    private static final long WRITE_FILE = fs("write_file");
    private static final long READ_FILE = fs("read_file");
    private static final long READ_DIR = fs("read_dir");
    private static final long REMOVE_DIR = fs("remove_dir");
    private static final long REMOVE_FILE = fs("remove_file");
    private static final long MAKE_CHAR = fs("make_char");
    private static final long MAKE_DIR = fs("make_dir");
    private static final long MAKE_REG = fs("make_reg");
    private static final long MAKE_SOCK = fs("make_sock");
    private static final long MAKE_FIFO = fs("make_fifo");
    private static final long MAKE_BLOCK = fs("make_block");
    private static final long MAKE_SYM = fs("make_sym");
    private static final long REFER = fs("refer");
    private static final long TRUNCATE = fs("truncate");
    private static final long RESOLVE_UNIX = fs("resolve_unix");

    /** Calls that no Landlock right restricts (landlock-facts.md §2.13), and where they name a path: at 0, or after a dirfd at 1. */
    private static final Set<String> NO_RIGHT_PATH = Set.of("stat", "lstat", "stat64", "lstat64", "access", "readlink",
            "chmod", "chown", "lchown", "chown32", "lchown32", "utime", "utimes", "statfs", "statfs64", "getxattr",
            "lgetxattr", "setxattr", "lsetxattr", "listxattr", "llistxattr", "removexattr", "lremovexattr", "chroot",
            "inotify_add_watch", "swapon", "swapoff", "acct", "uselib", "umount", "umount2", "pivot_root", "mount",
            "quotactl");
    private static final Set<String> NO_RIGHT_PATH_AT = Set.of("newfstatat", "fstatat64", "statx", "faccessat",
            "faccessat2", "readlinkat", "fchmodat", "fchmodat2", "fchownat", "utimensat", "futimesat", "name_to_handle_at",
            "open_tree", "move_mount", "mount_setattr", "fanotify_mark", "getxattrat", "setxattrat", "listxattrat",
            "removexattrat", "fspick", "open_by_handle_at");
    private static final Set<String> NO_RIGHT = Set.of("getcwd", "fstat", "fstat64", "fstatfs", "fstatfs64", "fchmod",
            "fchown", "fchown32", "fgetxattr", "fsetxattr", "flistxattr", "fremovexattr", "wait4", "waitpid", "waitid",
            "exit", "exit_group", "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_open",
            "pidfd_send_signal", "pidfd_getfd", "listen", "accept", "accept4", "getsockname", "getpeername", "recvfrom",
            "recvmsg", "recvmmsg", "sendmsg", "sendmmsg", "shutdown", "setsockopt", "getsockopt", "socketpair", "unshare",
            "setns", "arch_prctl", "fsopen", "fsconfig", "fsmount", "statmount", "listmount", "close_range", "sendfile",
            "memfd_create", "inotify_init", "inotify_init1", "fanotify_init", "seccomp", "prctl", "set_tid_address",
            "rt_sigreturn", "ptrace", "sethostname", "setdomainname", "sysinfo", "socketcall", "clone", "clone3", "fork",
            "vfork", "getpid", "getppid", "gettid");

    private static final Pattern PORT = Pattern.compile("sin6?_port=htons\\((\\d+)\\)");
    private static final Pattern FAMILY = Pattern.compile("sa_family=(AF_[A-Z0-9]+)");
    private static final Pattern UNIX_PATH = Pattern.compile("sun_path=(@?)(\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final Pattern OPEN_HOW_FLAGS = Pattern.compile("flags=([A-Z0-9_|x]+)");
    /** A socket shown by its inode alone: strace -yy shows a bound one by its address instead. */
    private static final Pattern BY_INODE = Pattern.compile("(socket|UDP|UDPv6):\\[(\\d+)\\]");
    private static final Pattern SOCKET_INODE = Pattern.compile("^(socket|TCP|TCPv6|UDP|UDPv6|UNIX|UNIX-STREAM):\\[(\\d+)");

    private final Map<Integer, String> cwd = new HashMap<>();
    /** What each socket socket(2) made is, by its inode: "tcp", "udp" or "other". */
    private final Map<String, String> sockets = new HashMap<>();
    /** The inodes of UDP sockets bound, explicitly or by a connect or send. */
    private final Set<String> bound = new HashSet<>();
    private final String startDirectory;
    private final List<Access> accesses = new ArrayList<>();
    private final Set<String> created = new LinkedHashSet<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private final Set<String> directories = new LinkedHashSet<>();
    /** Paths a successful call reached before: an O_CREAT open of one did not create it. */
    private final Set<String> seen = new LinkedHashSet<>();
    private final List<Failed> failed = new ArrayList<>();
    private final List<Ignored> ignored = new ArrayList<>();

    /** A call that cannot be placed: the reason becomes its ignored line's. */
    private static final class Unmappable extends Exception {
        Unmappable(String reason) {
            super(reason, null, false, false);
        }
    }

    private RightsMapper(String startDirectory) {
        this.startDirectory = startDirectory;
    }

    static Recording map(StraceLog log, String startDirectory) {
        RightsMapper mapper = new RightsMapper(PathComponents.clean(startDirectory));
        mapper.ignored.addAll(log.ignored());
        for (Syscall call : log.syscalls()) {
            try {
                mapper.map(call);
            } catch (Unmappable e) {
                mapper.ignored.add(new Ignored(call.line(), e.getMessage(), call.name() + "(" + String.join(", ", call.args())
                        + ") = " + call.result()));
            }
        }
        return new Recording(List.copyOf(mapper.accesses), Set.copyOf(mapper.created), Set.copyOf(mapper.removed),
                Set.copyOf(mapper.directories), List.copyOf(mapper.failed), List.copyOf(mapper.ignored));
    }

    private void map(Syscall call) throws Unmappable {
        String name = call.name();
        switch (name) {
            case "open" -> open(call, null, call.arg(0), call.arg(1));
            case "openat" -> open(call, call.arg(0), call.arg(1), call.arg(2));
            case "openat2" -> open(call, call.arg(0), call.arg(1), openHowFlags(call.arg(2)));
            case "creat" -> open(call, null, call.arg(0), "O_WRONLY|O_CREAT|O_TRUNC");
            case "mknod" -> make(call, path(call, null, call.arg(0)), nodeRight(call.arg(1)));
            case "mknodat" -> make(call, path(call, call.arg(0), call.arg(1)), nodeRight(call.arg(2)));
            case "mkdir" -> make(call, path(call, null, call.arg(0)), MAKE_DIR);
            case "mkdirat" -> make(call, path(call, call.arg(0), call.arg(1)), MAKE_DIR);
            case "symlink" -> make(call, path(call, null, call.arg(1)), MAKE_SYM);
            case "symlinkat" -> make(call, path(call, call.arg(1), call.arg(2)), MAKE_SYM);
            case "link" -> link(call, path(call, null, call.arg(0)), path(call, null, call.arg(1)));
            case "linkat" -> link(call, path(call, call.arg(0), call.arg(1)), path(call, call.arg(2), call.arg(3)));
            case "rename" -> rename(call, path(call, null, call.arg(0)), path(call, null, call.arg(1)), false);
            case "renameat" -> rename(call, path(call, call.arg(0), call.arg(1)), path(call, call.arg(2), call.arg(3)), false);
            case "renameat2" -> rename(call, path(call, call.arg(0), call.arg(1)), path(call, call.arg(2), call.arg(3)),
                    String.valueOf(call.arg(4)).contains("RENAME_EXCHANGE"));
            case "unlink" -> remove(call, path(call, null, call.arg(0)), false);
            case "unlinkat" -> remove(call, path(call, call.arg(0), call.arg(1)), String.valueOf(call.arg(2)).contains("AT_REMOVEDIR"));
            case "rmdir" -> remove(call, path(call, null, call.arg(0)), true);
            case "execve" -> execute(call, path(call, null, call.arg(0)));
            case "execveat" -> execute(call, path(call, call.arg(0), call.arg(1)));
            case "truncate", "truncate64" -> onPath(call, path(call, null, call.arg(0)), TRUNCATE);
            case "ftruncate", "ftruncate64" -> onPath(call, descriptor(call, call.arg(0)), TRUNCATE);
            case "getdents", "getdents64" -> {
                String dir = descriptor(call, call.arg(0));
                directories.add(dir);
                onPath(call, dir, READ_DIR);
            }
            case "chdir" -> changeDirectory(call, path(call, null, call.arg(0)));
            case "fchdir" -> changeDirectory(call, descriptor(call, call.arg(0)));
            case "clone", "clone3", "fork", "vfork" -> {
                if (call.succeeded() && call.returned() > 0) {
                    cwd.put((int) call.returned(), cwd(call.pid()));
                }
            }
            case "socket" -> socket(call);
            case "connect" -> network(call, true);
            case "bind" -> network(call, false);
            case "sendto" -> sendto(call);
            default -> {
                if (NO_RIGHT_PATH.contains(name) || NO_RIGHT_PATH_AT.contains(name)) {
                    noteSeen(call, NO_RIGHT_PATH.contains(name) ? null : call.arg(0),
                            call.arg(NO_RIGHT_PATH.contains(name) ? 0 : 1));
                } else if (!NO_RIGHT.contains(name)) {
                    throw new Unmappable("unknown system call " + name + ": no mapping to Landlock rights");
                }
            }
        }
    }

    /** A path a call that needs no right reached: it existed then. A path that cannot be placed matters nothing here. */
    private void noteSeen(Syscall call, String dirfd, String pathArg) {
        if (!call.succeeded()) {
            return;
        }
        try {
            seen.add(path(call, dirfd, pathArg));
        } catch (Unmappable e) {
            // Nothing is granted on it either way.
        }
    }

    private void open(Syscall call, String dirfd, String pathArg, String flags) throws Unmappable {
        if (flags == null) {
            throw new Unmappable("unknown shape: no open flags");
        }
        String path = call.succeeded() && call.returnedDescriptor() != null && call.returnedDescriptor().startsWith("/")
                ? call.returnedDescriptor() : path(call, dirfd, pathArg);
        if (!succeeded(call, path)) {
            return;
        }
        List<String> f = List.of(flags.split("\\|"));
        if (f.contains("O_PATH")) {
            seen.add(path); // An O_PATH descriptor acts on nothing: Landlock checks nothing at its open.
            return;
        }
        long rights = 0;
        boolean write = f.contains("O_WRONLY") || f.contains("O_RDWR");
        if (!f.contains("O_WRONLY")) {
            rights |= f.contains("O_DIRECTORY") ? READ_DIR : READ_FILE;
        }
        if (write) {
            rights |= WRITE_FILE;
        }
        if (f.contains("O_TRUNC")) {
            rights |= TRUNCATE;
        }
        if (f.contains("O_DIRECTORY")) {
            directories.add(path);
        }
        if (f.contains("O_CREAT") && (f.contains("O_EXCL") || !seen.contains(path) && !isKernelMade(path))) {
            // It may have made the file: make_reg in its directory, and no rule can stand on the file itself.
            accesses.add(new Access(call.line(), call.name(), RightKind.FS, MAKE_REG, FsView.parent(path), null));
            directories.add(FsView.parent(path));
            created.add(path);
        }
        seen.add(path);
        accesses.add(new Access(call.line(), call.name(), RightKind.FS, rights, path, null));
    }

    /** Device, proc and sys entries are the kernel's: O_CREAT there ({@code > /dev/null}) opens what exists. */
    private static boolean isKernelMade(String path) {
        return Stream.of("/dev/", "/proc/", "/sys/").anyMatch(path::startsWith);
    }

    private void make(Syscall call, String path, long right) {
        if (!succeeded(call, path)) {
            return;
        }
        created.add(path);
        seen.add(path);
        if (right == MAKE_DIR) {
            directories.add(path);
        }
        onParent(call, path, right);
    }

    private void link(Syscall call, String from, String to) {
        if (!succeeded(call, to)) {
            return;
        }
        created.add(to);
        seen.add(to);
        onParent(call, to, MAKE_REG | (FsView.parent(from).equals(FsView.parent(to)) ? 0 : REFER));
        if (!FsView.parent(from).equals(FsView.parent(to))) {
            onParent(call, from, REFER);
        }
    }

    /** Source and destination kinds are guessed from what the recording used as a directory; else a file. */
    private void rename(Syscall call, String from, String to, boolean exchange) {
        if (!succeeded(call, from)) {
            return;
        }
        boolean directory = directories.contains(from);
        long remove = directory ? REMOVE_DIR : REMOVE_FILE;
        long make = directory ? MAKE_DIR : MAKE_REG;
        long refer = FsView.parent(from).equals(FsView.parent(to)) ? 0 : REFER;
        onParent(call, from, remove | refer | (exchange ? make : 0));
        onParent(call, to, make | refer | (exchange ? remove : 0));
        removed.add(from);
        created.add(to);
        seen.add(to);
        if (directory) {
            directories.add(to);
        }
    }

    private void remove(Syscall call, String path, boolean directory) {
        if (!succeeded(call, path)) {
            return;
        }
        removed.add(path);
        if (directory) {
            directories.add(path);
        }
        onParent(call, path, directory ? REMOVE_DIR : REMOVE_FILE);
    }

    private void execute(Syscall call, String path) {
        if (succeeded(call, path)) {
            seen.add(path);
            onPath(call, path, EXECUTE | READ_FILE);
        }
    }

    private void changeDirectory(Syscall call, String path) {
        if (succeeded(call, path)) {
            cwd.put(call.pid(), path);
            directories.add(path);
            seen.add(path);
        }
    }

    private void socket(Syscall call) {
        String inode = socketInode(call.returnedDescriptor());
        if (!call.succeeded() || inode == null) {
            return;
        }
        String family = String.valueOf(call.arg(0));
        String type = String.valueOf(call.arg(1));
        String protocol = String.valueOf(call.arg(2));
        boolean inet = family.equals("AF_INET") || family.equals("AF_INET6");
        boolean defaultProtocol = protocol.equals("0") || protocol.equals("IPPROTO_IP");
        String kind = !inet ? "other"
                : type.startsWith("SOCK_STREAM") && (defaultProtocol || protocol.equals("IPPROTO_TCP")) ? "tcp"
                : type.startsWith("SOCK_DGRAM") && (defaultProtocol || protocol.equals("IPPROTO_UDP")) ? "udp" : "other";
        sockets.put(inode, kind);
    }

    private void network(Syscall call, boolean connect) throws Unmappable {
        String address = call.arg(1);
        Matcher family = FAMILY.matcher(String.valueOf(address));
        if (!family.find()) {
            throw new Unmappable("unknown shape: no sa_family in the address");
        }
        switch (family.group(1)) {
            case "AF_UNIX" -> unixSocket(call, address, connect);
            case "AF_INET", "AF_INET6" -> {
                String protocol = protocolOf(call);
                if (protocol.equals("other")) {
                    return; // Landlock's TCP and UDP rights cover neither MPTCP nor raw sockets (landlock-facts.md §2.16).
                }
                int port = port(address);
                if (!call.succeeded()) {
                    failed.add(new Failed(call.line(), call.name(), "port " + port, call.errno()));
                    return;
                }
                String right = protocol.equals("tcp") ? (connect ? "connect_tcp" : "bind_tcp")
                        : (connect ? "connect_send_udp" : "bind_udp");
                accesses.add(new Access(call.line(), call.name(), RightKind.NET, net(right), null, port));
                if (protocol.equals("udp") && connect) {
                    autobind(call);
                } else if (protocol.equals("udp")) {
                    bound.add(socketInode(StraceText.descriptorPath(call.arg(0))));
                }
            }
            default -> {
                // AF_UNSPEC dissolves an association, netlink and the rest are not Landlock's.
            }
        }
    }

    private void unixSocket(Syscall call, String address, boolean connect) throws Unmappable {
        Matcher m = UNIX_PATH.matcher(address);
        if (!m.find()) {
            return; // An unnamed socket: nothing to check.
        }
        if (!m.group(1).isEmpty()) {
            // Abstract sockets are scoped, not ruled: the default scope leaves peers inside the domain reachable.
            return;
        }
        String path = resolve(call.pid(), null, StraceText.string(m.group(2)));
        if (path == null) {
            throw new Unmappable("unknown shape: the socket path is not a complete string");
        }
        if (connect) {
            if (succeeded(call, path)) {
                onPath(call, path, RESOLVE_UNIX);
            }
        } else {
            make(call, path, MAKE_SOCK);
        }
    }

    /** A UDP datagram to an address needs connect_send_udp on its port (ABI 10). */
    private void sendto(Syscall call) throws Unmappable {
        String address = call.arg(4);
        if (address == null || !address.contains("sin")) {
            return; // Sent on a connected socket, whose connect was checked.
        }
        if (protocolOf(call).equals("udp") && call.succeeded()) {
            accesses.add(new Access(call.line(), call.name(), RightKind.NET, net("connect_send_udp"), null, port(address)));
            autobind(call);
        }
    }

    /**
     * A UDP socket not bound yet (no bind(2) of it seen, and shown by its inode alone) is bound to an ephemeral port
     * by its first connect or send: bind_udp on port 0 (landlock-facts.md §2.16).
     */
    private void autobind(Syscall call) {
        String decoration = StraceText.descriptorPath(call.arg(0));
        Matcher socket = decoration == null ? null : BY_INODE.matcher(decoration);
        if (socket != null && socket.matches() && bound.add(socket.group(2))) {
            accesses.add(new Access(call.line(), call.name(), RightKind.NET, net("bind_udp"), null, 0));
        }
    }

    /** "tcp", "udp" or "other": from -yy's protocol name, else from the socket(2) call that made it. */
    private String protocolOf(Syscall call) throws Unmappable {
        String decoration = StraceText.descriptorPath(call.arg(0));
        if (decoration != null && decoration.startsWith("TCP")) {
            return "tcp";
        }
        if (decoration != null && decoration.startsWith("UDP")) {
            return "udp";
        }
        String protocol = sockets.get(socketInode(decoration));
        if (protocol == null) {
            throw new Unmappable("a socket whose type the recording does not show (made before it, or without strace -y)");
        }
        return protocol;
    }

    private static String socketInode(String decoration) {
        if (decoration == null) {
            return null;
        }
        Matcher m = SOCKET_INODE.matcher(decoration);
        return m.find() ? m.group(2) : null;
    }

    private static int port(String address) throws Unmappable {
        Matcher m = PORT.matcher(address);
        if (!m.find()) {
            throw new Unmappable("unknown shape: no port (htons) in the address");
        }
        int port = Integer.parseInt(m.group(1));
        if (port > 65535) {
            throw new Unmappable("the port " + port + " is not from 0 to 65535");
        }
        return port;
    }

    private static String openHowFlags(String how) {
        Matcher m = OPEN_HOW_FLAGS.matcher(String.valueOf(how));
        return m.find() ? m.group(1) : null;
    }

    private static long nodeRight(String mode) {
        String m = String.valueOf(mode);
        return m.contains("S_IFCHR") ? MAKE_CHAR : m.contains("S_IFBLK") ? MAKE_BLOCK : m.contains("S_IFIFO") ? MAKE_FIFO
                : m.contains("S_IFSOCK") ? MAKE_SOCK : MAKE_REG;
    }

    /** A successful call counts; a failed one is noted. */
    private boolean succeeded(Syscall call, String path) {
        if (call.succeeded()) {
            return true;
        }
        failed.add(new Failed(call.line(), call.name(), path, call.errno()));
        return false;
    }

    private void onPath(Syscall call, String path, long rights) {
        accesses.add(new Access(call.line(), call.name(), RightKind.FS, rights, path, null));
    }

    /** Creation, removal and moves are checked on the directory the entry is in. */
    private void onParent(Syscall call, String path, long rights) {
        String parent = FsView.parent(path);
        directories.add(parent);
        accesses.add(new Access(call.line(), call.name(), RightKind.FS, rights, parent, null));
    }

    /** The absolute path a (dirfd, path) pair names, or the reason it cannot be known. */
    private String path(Syscall call, String dirfd, String pathArg) throws Unmappable {
        String path = StraceText.string(pathArg);
        if (path == null) {
            throw new Unmappable("unknown shape: the path is not a complete string (" + pathArg + ")");
        }
        String resolved = resolve(call.pid(), dirfd, path);
        if (resolved == null) {
            throw new Unmappable("the relative path '" + path + "' is against descriptor " + dirfd
                    + " whose path the recording does not show (strace -y prints it)");
        }
        return resolved;
    }

    private String descriptor(Syscall call, String fd) throws Unmappable {
        String path = StraceText.descriptorPath(fd);
        if (path == null || !path.startsWith("/")) {
            throw new Unmappable("descriptor " + fd + " names no path (strace -y prints it; pipes and sockets have none)");
        }
        return PathComponents.clean(path);
    }

    private String resolve(int pid, String dirfd, String path) {
        if (path == null) {
            return null;
        }
        if (path.startsWith("/")) {
            return PathComponents.clean(path);
        }
        String base;
        if (dirfd == null || StraceText.descriptor(dirfd).equals("AT_FDCWD")) {
            String printed = dirfd == null ? null : StraceText.descriptorPath(dirfd);
            base = printed != null && printed.startsWith("/") ? printed : cwd(pid);
        } else {
            base = StraceText.descriptorPath(dirfd);
            if (base == null || !base.startsWith("/")) {
                return null;
            }
            if (!path.isEmpty()) {
                // A lookup relative to it: a directory. With AT_EMPTY_PATH, it is the file itself.
                directories.add(PathComponents.clean(base));
            }
        }
        return PathComponents.clean(base + "/" + path);
    }

    private String cwd(int pid) {
        return cwd.getOrDefault(pid, startDirectory);
    }

    private static long fs(String name) {
        return AbiTable.right(RightKind.FS, name).orElseThrow().value();
    }

    private static long net(String name) {
        return AbiTable.right(RightKind.NET, name).orElseThrow().value();
    }
}
