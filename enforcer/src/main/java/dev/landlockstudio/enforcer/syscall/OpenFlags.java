package dev.landlockstudio.enforcer.syscall;

/** open(2) flags the enforcer passes (Linux, x86-64 and arm64 alike: include/uapi/asm-generic/fcntl.h). */
public final class OpenFlags {

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_CREAT = 0100;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;

    private OpenFlags() {
    }
}
