package dev.landlockstudio.enforcer.sandbox;

import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.enforcer.syscall.DirectLibC;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.LibC;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a task under a ruleset on a fresh thread that is never reused, so the JVM and its other threads stay
 * unrestricted (landlock-facts.md §2.11). The task must not start pools or load classes from directories:
 * whatever a restricted thread creates stays confined (java-stack-notes.md §3).
 */
public final class RestrictedThread {

    private static final AtomicInteger COUNT = new AtomicInteger();

    /** What the task returned, and what applying the ruleset did. */
    public record Result<T>(T value, Landlock.Applied applied) {
    }

    private RestrictedThread() {
    }

    public static <T> Result<T> run(Ruleset ruleset, Callable<T> task) throws Exception {
        preload();
        Object[] outcome = new Object[2];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                outcome[1] = Landlock.restrictCurrentThread(ruleset);
                outcome[0] = task.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "landlock-restricted-" + COUNT.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        thread.join();
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) outcome[0];
        return new Result<>(value, (Landlock.Applied) outcome[1]);
    }

    /**
     * Loads, before any restriction, what the restricted thread uses: JNA extracts its native library on first use,
     * and classes on a directory classpath cannot be read once restricted. The task's own classes are the caller's
     * to load.
     */
    private static void preload() {
        LibC.INSTANCE.hashCode();
        DirectLibC.load();
        Errno.name(0);
        new SyscallException("preload", 0, null).getMessage();
        new Landlock.Applied(List.of(), List.of()).hashCode();
        new Result<>(null, null).hashCode();
    }
}
