package dev.landlockstudio.enforcer.sandbox;

import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.enforcer.syscall.DirectLibC;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.LibC;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
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
        return run(ruleset, Landlock.AT_FDCWD, null, task);
    }

    /**
     * @param rulesRoot the directory the rule paths are resolved in (see {@link Landlock#restrictCurrentThread(Ruleset, int)})
     * @param limit     how long the task may take, or null for no limit
     * @throws TimeoutException when it took longer: the thread is abandoned, never reused
     */
    public static <T> Result<T> run(Ruleset ruleset, int rulesRoot, Duration limit, Callable<T> task) throws Exception {
        return run(RulesetStack.of(null, ruleset), rulesRoot, limit, task);
    }

    /** As {@link #run(Ruleset, int, Duration, Callable)}, restricted by each ruleset of {@code stack} in turn. */
    public static <T> Result<T> run(RulesetStack stack, int rulesRoot, Duration limit, Callable<T> task) throws Exception {
        preload();
        return FreshThread.call("landlock-restricted-" + COUNT.incrementAndGet(), limit,
                () -> {
                    Landlock.Applied applied = Landlock.restrictCurrentThread(stack, rulesRoot);
                    return new Result<>(task.call(), applied);
                });
    }

    /**
     * Loads, before any restriction, what the restricted thread uses: JNA extracts its native library on first use,
     * and classes on a directory classpath cannot be read once restricted. The task's own classes are the caller's
     * to load.
     */
    static void preload() {
        LibC.INSTANCE.hashCode();
        DirectLibC.load();
        Errno.name(0);
        new SyscallException("preload", 0, null).getMessage();
        new Landlock.Applied(List.of(), List.of()).hashCode();
        new Result<>(null, null).hashCode();
        new TimeoutException("preload").getMessage();
        FreshThread.describe(Duration.ZERO);
        try {
            Landlock.abi(); // initializes the class, whose constants come from the compiler's ABI table
        } catch (SyscallException e) {
            // No Landlock here: applying the ruleset will say so.
        }
    }
}
