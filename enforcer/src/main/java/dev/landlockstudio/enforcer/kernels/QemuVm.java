package dev.landlockstudio.enforcer.kernels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running qemu: its serial console read from its stdout (the last lines kept), killed by {@link #close} or when the
 * JVM stops, so that no qemu outlives its use.
 */
final class QemuVm implements AutoCloseable {

    /** Enough for a trial's probe lines (one each) and the kernel's messages. */
    private static final int CONSOLE_LINES = 50_000;

    private final Process process;
    private final Thread killer;
    private final Thread reader;
    private final Deque<String> console = new ArrayDeque<>();

    private QemuVm(Process process) {
        this.process = process;
        this.killer = new Thread(process::destroyForcibly, "qemu-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        this.reader = new Thread(this::readConsole, "qemu-console");
        reader.setDaemon(true);
        reader.start();
    }

    static QemuVm start(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            return new QemuVm(process);
        } catch (IOException e) {
            throw new KernelsException("cannot start " + QemuBoot.QEMU + ": " + e.getMessage(), e);
        }
    }

    Process process() {
        return process;
    }

    /** Waits until qemu ends, at most until {@code deadline} ({@link System#nanoTime}); whether it ended. */
    boolean awaitEnd(long deadline) throws InterruptedException {
        boolean ended = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (ended) {
            reader.join(5000);
        }
        return ended;
    }

    /** Waits until the console shows {@code text} in a line; false when qemu ended or the deadline passed first. */
    boolean awaitLine(String text, long deadline) throws InterruptedException {
        synchronized (console) {
            while (console.stream().noneMatch(line -> line.contains(text))) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive()) {
                    return false;
                }
                console.wait(Math.min(left, 100));
            }
            return true;
        }
    }

    List<String> console() {
        synchronized (console) {
            return List.copyOf(console);
        }
    }

    /** What qemu said last, for a message: its exit status when it ended, and the console's last lines. */
    String ending() {
        String status = process.isAlive() ? "qemu was stopped" : "qemu ended (exit " + process.exitValue() + ")";
        return status + "; the console ended with:\n" + HostTools.tail(String.join("\n", console()));
    }

    @Override
    public void close() {
        ShutdownHooks.remove(killer);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Keeps the console's last lines (a kernel that loops printing cannot fill memory). */
    private void readConsole() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (console) {
                    console.addLast(line);
                    if (console.size() > CONSOLE_LINES) {
                        console.removeFirst();
                    }
                    console.notifyAll();
                }
            }
        } catch (IOException e) {
            // qemu was killed: what was read is kept.
        }
    }
}
