package dev.landlockstudio.enforcer.kernels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Boots a kernel under qemu with software emulation (no KVM needed): its vmlinux through the PVH entry, an
 * initramfs, the console on the first serial port read from qemu's stdout, no network, no reboot (a panic or a power
 * off ends qemu), and a timeout after which qemu is killed. No qemu outlives a boot.
 */
final class QemuBoot {

    static final String QEMU = "qemu-system-x86_64";
    /** Enough for a trial's probe lines (one each) and the kernel's messages. */
    private static final int CONSOLE_LINES = 50_000;

    private QemuBoot() {
    }

    static BootReport boot(CachedKernel kernel, Path initramfs, Duration timeout) {
        String qemu = HostTools.require(QEMU, HostTools.BOOT_PACKAGES).toString();
        // Without CMPXCHG16B: with it, 6.12 double-faults early in boot under TCG in about one boot in three (in the
        // slab allocator's cmpxchg16b); every kernel here boots without it.
        List<String> command = List.of(qemu, "-accel", "tcg", "-cpu", "qemu64,-cx16", "-m", "256M", "-nographic", "-monitor", "none",
                "-no-reboot", "-nic", "none", "-kernel", kernel.vmlinux().toString(), "-initrd", initramfs.toString(),
                "-append", "console=ttyS0 panic=-1 quiet");
        long started = System.nanoTime();
        Deque<String> console = new ArrayDeque<>();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new KernelsException("cannot start " + QEMU + ": " + e.getMessage(), e);
        }
        // A JVM stopped by a signal does not kill its children: the hook does.
        Thread killer = new Thread(process::destroyForcibly, "qemu-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            process.getOutputStream().close();
            Thread reader = new Thread(() -> readConsole(process, console), "qemu-console");
            reader.setDaemon(true);
            reader.start();
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            reader.join(5000);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            List<String> lines;
            synchronized (console) {
                lines = List.copyOf(console);
            }
            return BootReport.read(kernel, lines, took).orElseGet(() -> BootReport.failed(kernel, took,
                    (ended ? "qemu ended (exit " + process.exitValue() + ")"
                            : String.format(Locale.ROOT, "killed after %.1f s", timeout.toMillis() / 1000.0))
                            + " without the kernel's answer; the console ended with:\n" + HostTools.tail(String.join("\n", lines)), lines));
        } catch (IOException e) {
            throw new KernelsException("cannot talk to " + QEMU + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelsException("interrupted while booting " + kernel.source().release(), e);
        } finally {
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
    }

    /** Keeps the console's last lines (a kernel that loops printing cannot fill memory). */
    private static void readConsole(Process process, Deque<String> console) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (console) {
                    console.addLast(line);
                    if (console.size() > CONSOLE_LINES) {
                        console.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // qemu was killed: what was read is kept.
        }
    }
}
