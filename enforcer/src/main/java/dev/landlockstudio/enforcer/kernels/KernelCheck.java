package dev.landlockstudio.enforcer.kernels;

import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.enforcer.sandbox.OwnedTemporaryDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * Runs cached kernels, two at a time (TCG emulation keeps a core busy per VM, and this is the size of machine the
 * project runs on), and reports what each kernel said: booted afresh with the ABI probe, or resumed from its saved
 * boot with files of a caller's making. Everything is built in a temporary folder removed at the end.
 */
public final class KernelCheck {

    static final int PARALLEL_BOOTS = 2;
    /** The Debian packages booting needs. */
    public static final String NEEDS = "qemu-system-x86 busybox-static gcc libc6-dev lz4";
    static final String PREFIX = "landlock-studio-kernels-";

    private KernelCheck() {
    }

    /** One report per kernel, in their order, each booted afresh; a kernel that did not answer has a report with its problem. */
    public static List<BootReport> boot(List<CachedKernel> kernels, Duration timeout) {
        AbiProbeImage image = new AbiProbeImage();
        return run(kernels, image::prepare, (kernel, work) -> QemuBoot.boot(kernel, image.build(kernel, work), timeout),
                report -> { });
    }

    /**
     * Tries each kernel with the files {@code images} builds for it: the kernel resumed from its saved boot (made
     * first when there is none: see {@link SavedBoots}), handed the files, and read until it powered off (a kernel
     * that cannot be resumed boots the saved boot's image afresh, with the files appended);
     * {@code answered} is called with each report as soon as its kernel has answered (on the run's thread).
     */
    public static List<BootReport> boot(List<CachedKernel> kernels, Duration timeout, BootImages images,
                                        Consumer<BootReport> answered) {
        return run(kernels, images::prepare, (kernel, work) -> {
            Path payload = images.build(kernel, Files.createDirectory(work.resolve("abi-" + kernel.abi())));
            SavedBoots.Saved saved = SavedBoots.ensure(kernel, work);
            if (saved.unresumable() != null) {
                return QemuBoot.boot(kernel, appended(saved.image(), payload), timeout);
            }
            BootReport report = QemuBoot.resume(kernel, saved, payload, payload.getParent(), timeout);
            if (report == null) {
                // qemu would not resume the state (it changed in a way the saved boot's key does not name): save anew.
                SavedBoots.forget(saved);
                saved = SavedBoots.ensure(kernel, Files.createDirectory(work.resolve("again-abi-" + kernel.abi())));
                report = QemuBoot.resume(kernel, saved, payload, Files.createDirectory(payload.resolveSibling("again")), timeout);
            }
            return report != null ? report : BootReport.failed(kernel, Duration.ZERO,
                    "qemu would not resume the kernel's saved boot, even made anew", List.of());
        }, answered);
    }

    /** Runs {@code each} kernel in a pool of {@link #PARALLEL_BOOTS} threads, all in one temporary folder removed at the end. */
    private static List<BootReport> run(List<CachedKernel> kernels, Prepare prepare, PerKernel each,
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
            prepare.in(work);
            List<Future<BootReport>> reports = new ArrayList<>();
            for (CachedKernel kernel : kernels) {
                reports.add(boots.submit(() -> {
                    BootReport report = each.run(kernel, work);
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
            // Each run kills its own qemu, interrupted or not; the folder goes only once none reads it.
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

    /** The saved boot's image with the files after it, in their folder: the kernel unpacks one archive after the other. */
    private static Path appended(Path image, Path files) throws IOException {
        Path both = files.resolveSibling("boot.cpio");
        Files.copy(image, both);
        Files.write(both, Files.readAllBytes(files), StandardOpenOption.APPEND);
        return both;
    }

    /** What every kernel's run shares, made in the run's folder before any kernel runs. */
    private interface Prepare {
        void in(Path work) throws IOException;
    }

    /** One kernel's run, with the run's folder. */
    private interface PerKernel {
        BootReport run(CachedKernel kernel, Path work) throws IOException;
    }

    private static void delete(Path work) {
        try {
            FileTrees.delete(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
