package dev.landlockstudio.enforcer.kernels;

import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.enforcer.sandbox.OwnedTemporaryDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Boots cached kernels, two at a time (TCG emulation keeps a core busy per VM, and this is the size of machine the
 * project runs on), and reports what each kernel said: with the ABI probe, or with images of a caller's making. The
 * images are built in a temporary folder removed at the end.
 */
public final class KernelCheck {

    static final int PARALLEL_BOOTS = 2;
    /** The Debian packages booting needs. */
    public static final String NEEDS = "qemu-system-x86 busybox-static gcc libc6-dev";
    static final String PREFIX = "landlock-studio-kernels-";

    private KernelCheck() {
    }

    /** One report per kernel, in their order; a kernel that did not answer has a report with its problem. */
    public static List<BootReport> boot(List<CachedKernel> kernels, Duration timeout) {
        return boot(kernels, timeout, new AbiProbeImage(), report -> { });
    }

    /**
     * As {@link #boot(List, Duration)}, each kernel with the image {@code images} builds for it; {@code answered} is
     * called with each report as soon as its kernel has answered (on the boot's thread).
     */
    public static List<BootReport> boot(List<CachedKernel> kernels, Duration timeout, BootImages images,
                                        Consumer<BootReport> answered) {
        HostTools.require(QemuBoot.QEMU, HostTools.BOOT_PACKAGES);
        Path work;
        try {
            work = OwnedTemporaryDirectories.create(PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread remover = new Thread(() -> delete(work), "kernel-check-cleanup");
        Runtime.getRuntime().addShutdownHook(remover);
        ExecutorService boots = Executors.newFixedThreadPool(PARALLEL_BOOTS);
        try {
            images.prepare(work);
            List<Future<BootReport>> reports = new ArrayList<>();
            for (CachedKernel kernel : kernels) {
                Path folder = Files.createDirectory(work.resolve("abi-" + kernel.abi()));
                reports.add(boots.submit(() -> {
                    BootReport report = QemuBoot.boot(kernel, images.build(kernel, folder), timeout);
                    answered.accept(report);
                    return report;
                }));
            }
            List<BootReport> done = new ArrayList<>();
            for (Future<BootReport> report : reports) {
                done.add(report.get());
            }
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new KernelsException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelsException("interrupted while booting kernels", e);
        } finally {
            // Each boot kills its own qemu, interrupted or not; the folder goes only once none reads it.
            boots.shutdownNow();
            try {
                boots.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ShutdownHooks.remove(remover);
            delete(work);
        }
    }

    private static void delete(Path work) {
        try {
            FileTrees.delete(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
