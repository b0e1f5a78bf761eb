package dev.landlockstudio.enforcer.sandbox;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * Runs a task on a new daemon thread that is never reused, and waits for it at most a given time. A thread that
 * overruns is abandoned, never joined again or handed other work: whatever it blocks on holds only that thread, not
 * the caller (a trial worker, say).
 */
public final class FreshThread {

    private FreshThread() {
    }

    /**
     * @param limit how long to wait, or null to wait until the task ends
     * @throws TimeoutException when the task has not ended within {@code limit}; its thread is left to itself
     */
    public static <T> T call(String name, Duration limit, Callable<T> task) throws Exception {
        Object[] value = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                value[0] = task.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        if (limit == null) {
            thread.join();
        } else {
            thread.join(Math.max(1, limit.toMillis()));
            if (thread.isAlive()) {
                throw new TimeoutException("did not finish within " + describe(limit) + "; its thread was abandoned");
            }
        }
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T result = (T) value[0];
        return result;
    }

    /** "5 s", "250 ms". */
    public static String describe(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }
}
