package dev.landlockstudio.enforcer.syscall;

import java.util.Map;

/** errno values the enforcer reports by name (Linux, all architectures it runs on). */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int E2BIG = 7;
    public static final int ENOTTY = 25;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ENOMSG = 42;
    public static final int EOPNOTSUPP = 95;
    public static final int EADDRINUSE = 98;
    public static final int ECONNREFUSED = 111;
    public static final int ELOOP = 40;
    public static final int EAGAIN = 11;
    public static final int EPIPE = 32;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(ENOEXEC, "ENOEXEC"), Map.entry(EBADF, "EBADF"),
            Map.entry(ENOTTY, "ENOTTY"), Map.entry(EACCES, "EACCES"),
            Map.entry(EEXIST, "EEXIST"), Map.entry(EXDEV, "EXDEV"), Map.entry(ENOTDIR, "ENOTDIR"), Map.entry(EISDIR, "EISDIR"),
            Map.entry(EINVAL, "EINVAL"), Map.entry(E2BIG, "E2BIG"), Map.entry(ENOSYS, "ENOSYS"),
            Map.entry(ENOTEMPTY, "ENOTEMPTY"), Map.entry(ENOMSG, "ENOMSG"), Map.entry(EOPNOTSUPP, "EOPNOTSUPP"),
            Map.entry(EADDRINUSE, "EADDRINUSE"), Map.entry(ECONNREFUSED, "ECONNREFUSED"),
            Map.entry(ELOOP, "ELOOP"), Map.entry(EAGAIN, "EAGAIN"), Map.entry(EPIPE, "EPIPE"));

    private Errno() {
    }

    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }
}
