package dev.landlockstudio.enforcer.syscall;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * The calls made once per rule, bound with JNA direct mapping: several times cheaper per call than the interface
 * binding of {@link LibC}, which matters for a ruleset of a thousand rules.
 */
public final class DirectLibC {

    static {
        Native.register("c");
    }

    private DirectLibC() {
    }

    /** Binds the native methods now (in the static initializer); a restricted thread may not load libraries. */
    public static void load() {
        // Calling any static method runs the initializer; nothing else to do.
    }

    public static native int open(String path, int flags, int mode) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    public static native long syscall(long number, long a, long b, long c, long d) throws LastErrorException;
}
