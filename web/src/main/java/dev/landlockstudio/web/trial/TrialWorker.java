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
 * Trials on stock kernels go on a thread of their own beside it: they confine nothing here (the policy is enforced in
 * the VMs qemu boots), so they cannot disturb a learn; one at a time still, as each boots two VMs at once.
 */
@Component
public class TrialWorker implements DisposableBean {

    /** Why a trial was not queued, as its run's message says it. */
    public static final String BUSY = "too many dry runs and learns are waiting; try again when one has finished";
    private static final int WAITING_MAX = 16;

    // Created here, on an unrestricted thread; the trials restrict only fresh threads of their own.
    private final ThreadPoolExecutor worker = oneAtATime("landlock-studio-trial");
    private final ThreadPoolExecutor kernels = oneAtATime("landlock-studio-kernel-trial");

    /**
     * Queues {@code trial} on this host's kernel; when too many wait, runs {@code refused} and answers 429.
     */
    public void queue(Runnable trial, Runnable refused) {
        queue(worker, trial, refused);
    }

    /** Queues {@code trial}, one on stock kernels under qemu, as {@link #queue} does. */
    public void queueOnKernels(Runnable trial, Runnable refused) {
        queue(kernels, trial, refused);
    }

    private static void queue(ThreadPoolExecutor executor, Runnable trial, Runnable refused) {
        try {
            executor.execute(trial);
        } catch (RejectedExecutionException e) {
            refused.run();
            throw new RequestRefused(HttpStatus.TOO_MANY_REQUESTS, "busy", BUSY);
        }
    }

    private static ThreadPoolExecutor oneAtATime(String name) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WAITING_MAX),
                task -> new Thread(task, name));
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
        kernels.shutdownNow();
    }
}
