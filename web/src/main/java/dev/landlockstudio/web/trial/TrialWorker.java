package dev.landlockstudio.web.trial;

import dev.landlockstudio.web.api.RequestRefused;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The one thread every trial on this host's kernel runs on, dry runs and learns alike, one at a time: a learn reads
 * the denial records of every Landlock domain this process creates and turns host-wide settings (audit, the kernel
 * log's rate limit) on for its while, so nothing else of this server may run confined meanwhile. A few wait their turn.
 */
@Component
public class TrialWorker implements DisposableBean {

    /** Why a trial was not queued, as its run's message says it. */
    public static final String BUSY = "too many dry runs and learns are waiting; try again when one has finished";
    private static final int WAITING_MAX = 16;

    // Created here, on an unrestricted thread; the trials restrict only fresh threads of their own.
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WAITING_MAX), task -> new Thread(task, "landlock-studio-trial"));

    /**
     * Queues {@code trial}; when too many wait, runs {@code refused} and answers 429.
     */
    public void queue(Runnable trial, Runnable refused) {
        try {
            worker.execute(trial);
        } catch (RejectedExecutionException e) {
            refused.run();
            throw new RequestRefused(HttpStatus.TOO_MANY_REQUESTS, "busy", BUSY);
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
