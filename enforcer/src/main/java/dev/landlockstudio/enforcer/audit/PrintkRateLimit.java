package dev.landlockstudio.enforcer.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel log's rate limit ({@code kernel.printk_ratelimit}, 10 messages every 5 s by default), which the kernel
 * applies to the audit records it prints when no audit daemon listens: a run's denials beyond it would be lost. Lifted
 * for a while by an interval of 0 (no limit, at once: a larger burst would only count from the next interval), and back
 * to what it was once the last user in this process is done.
 */
public final class PrintkRateLimit implements AutoCloseable {

    private static final Path INTERVAL = Path.of("/proc/sys/kernel/printk_ratelimit");
    private static final HostSettingLease LEASE = new HostSettingLease();

    private PrintkRateLimit() {
    }

    /** Lifts the limit until {@link #close()}. */
    public static PrintkRateLimit lifted() {
        LEASE.take(() -> {
            String previous = read();
            write("0");
            return () -> write(previous);
        });
        return new PrintkRateLimit();
    }

    @Override
    public void close() {
        LEASE.giveBack();
    }

    /**
     * One read from the start: a sysctl file answers nothing at a later offset, and Files.readString of a file that says
     * it is empty would read its first byte alone, then that.
     */
    private static String read() {
        try (InputStream in = Files.newInputStream(INTERVAL)) {
            return new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(String value) {
        try {
            Files.writeString(INTERVAL, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
