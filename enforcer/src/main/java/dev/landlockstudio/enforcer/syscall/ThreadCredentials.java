package dev.landlockstudio.enforcer.syscall;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.util.Map;

/**
 * Changes the calling thread's user and groups only. Linux keeps credentials per thread; the C library's setuid
 * changes every thread of the process, so the raw system calls are used, with each architecture's numbers.
 */
public final class ThreadCredentials {

    /** setgroups, setresgid, setresuid per os.arch. */
    private static final Map<String, long[]> NUMBERS = Map.of(
            "amd64", new long[] {116, 119, 117},
            "aarch64", new long[] {159, 149, 147});

    private ThreadCredentials() {
    }

    /** Whether this machine's architecture is in the table. */
    public static boolean supported() {
        return NUMBERS.containsKey(System.getProperty("os.arch"));
    }

    /** Makes the calling thread, and what it starts, run as {@code uid}:{@code gid} with no supplementary groups. */
    public static void become(int uid, int gid) {
        long[] numbers = NUMBERS.get(System.getProperty("os.arch"));
        if (numbers == null) {
            throw new IllegalStateException("no system call numbers for " + System.getProperty("os.arch"));
        }
        call("setgroups", numbers[0], 0L, Pointer.NULL);
        call("setresgid", numbers[1], (long) gid, (long) gid, (long) gid);
        call("setresuid", numbers[2], (long) uid, (long) uid, (long) uid);
    }

    private static void call(String name, long number, Object... args) {
        try {
            LibC.INSTANCE.syscall(number, args);
        } catch (LastErrorException e) {
            throw new SyscallException(name, e.getErrorCode(), null);
        }
    }
}
