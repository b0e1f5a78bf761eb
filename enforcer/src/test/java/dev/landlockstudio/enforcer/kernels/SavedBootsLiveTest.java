package dev.landlockstudio.enforcer.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stock kernel (ABI 2) resumed from its saved boot and handed a trial's files (fetched by {@link CachedStockKernels}). */
class SavedBootsLiveTest {

    private static final StockKernel ABI_2 = StockKernel.ofAbis(List.of(2)).get(0);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @BeforeAll
    static void fetchTheKernelOnce() {
        CachedStockKernels.require(List.of(ABI_2));
    }

    /** Files whose run script prints its argument and a file of the files. */
    private static final BootImages SAYING_HELLO = (kernel, folder) -> {
        Path cpio = folder.resolve("files.cpio");
        new Initramfs().file("run", 0755, "#!/bin/busybox sh\n/landlock-abi\necho \"said $1 and $(cat /hello/file)\"\n"
                        .getBytes(StandardCharsets.UTF_8))
                .directory("hello").file("hello/file", 0644, "hello from the host".getBytes(StandardCharsets.UTF_8))
                .write(cpio);
        return cpio;
    };

    @Test
    void aSavedBootIsMadeOnceResumedWithTheFilesMadeAnewWhenQemuWillNotResumeItAndBootedWhenUnresumable(@TempDir Path dir) throws Exception {
        // A copy of the cached kernel: its saved boot goes beside it, in dir.
        Files.createDirectory(dir.resolve("abi-2"));
        for (String file : List.of("vmlinux", "kernel.properties", OverlayModule.FILE)) {
            Files.copy(CachedStockKernels.CACHE.resolve("abi-2").resolve(file), dir.resolve("abi-2").resolve(file));
        }
        CachedKernel kernel = new KernelCache(dir).cached(ABI_2).orElseThrow();

        BootReport first = KernelCheck.boot(List.of(kernel), TIMEOUT, SAYING_HELLO, report -> { }).get(0);
        assertThat(first.asListed()).as(String.join("\n", first.console())).isTrue();
        assertThat(first.console()).contains("said loaded and hello from the host")
                .noneMatch(line -> line.contains("Booting from ROM"));
        Path state = savedState(dir);
        FileTime saved = Files.getLastModifiedTime(state);

        BootReport second = KernelCheck.boot(List.of(kernel), TIMEOUT, SAYING_HELLO, report -> { }).get(0);
        assertThat(second.console()).contains("said loaded and hello from the host");
        assertThat(savedState(dir)).isEqualTo(state);
        assertThat(Files.getLastModifiedTime(state)).isEqualTo(saved);

        // A whole lz4 frame of something that is not a VM's state: qemu refuses it, and the boot is saved anew.
        byte[] noise = new byte[1 << 16];
        new Random(7).nextBytes(noise);
        Path raw = dir.resolve("noise");
        Files.write(raw, noise);
        Files.delete(state);
        HostTools.run(List.of("lz4", "-q", raw.toString(), state.toString()), null);
        byte[] damaged = Files.readAllBytes(state);
        BootReport third = KernelCheck.boot(List.of(kernel), TIMEOUT, SAYING_HELLO, report -> { }).get(0);
        assertThat(third.console()).contains("said loaded and hello from the host");
        assertThat(Files.readAllBytes(savedState(dir))).isNotEqualTo(damaged);

        // A kernel recorded as not resumable boots the saved image afresh, the files appended to it.
        Path resumable = savedState(dir);
        Files.writeString(resumable.resolveSibling(resumable.getFileName().toString().replace(".state", ".unresumable")),
                "once resumed, it panicked");
        Files.delete(resumable);
        BootReport fresh = KernelCheck.boot(List.of(kernel), TIMEOUT, SAYING_HELLO, report -> { }).get(0);
        assertThat(fresh.console()).contains("said loaded and hello from the host")
                .anyMatch(line -> line.contains("Booting from ROM"));
        try (Stream<Path> files = Files.list(resumable.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.endsWith(".state"));
        }
        CachedStockKernels.assertNothingLeft();
    }

    @Test
    void aCachePathThatWouldEndTheMonitorsCommandIsRefused(@TempDir Path dir) throws Exception {
        CachedKernel cached = new KernelCache(CachedStockKernels.CACHE).cached(ABI_2).orElseThrow();
        Path odd = Files.createDirectories(dir.resolve("a\"b\nquit").resolve("abi-2"));
        CachedKernel kernel = new CachedKernel(cached.source(), odd.resolve("vmlinux"), cached.size(), cached.sha256(),
                cached.overlay());
        assertThatThrownBy(() -> KernelCheck.boot(List.of(kernel), TIMEOUT, SAYING_HELLO, report -> { }))
                .isInstanceOf(KernelsException.class)
                .hasMessageContaining("may not hold a control character, a double quote or a backslash");
        CachedStockKernels.assertNothingLeft();
    }

    @Test
    void filesLargerThanTheDeviceAreRefused() {
        CachedKernel kernel = new KernelCache(CachedStockKernels.CACHE).cached(ABI_2).orElseThrow();
        BootImages tooLarge = (k, folder) -> {
            Path cpio = folder.resolve("files.cpio");
            try (RandomAccessFile file = new RandomAccessFile(cpio.toFile(), "rw")) {
                file.setLength(QemuBoot.PAYLOAD_DEVICE);
            }
            return cpio;
        };
        assertThatThrownBy(() -> KernelCheck.boot(List.of(kernel), TIMEOUT, tooLarge, report -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the trial's files take 67,108,864 bytes, more than the VM is handed (67,108,848): try fewer probes");
    }

    private static Path savedState(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("abi-2").resolve("saved-boot"))) {
            List<Path> states = files.filter(f -> f.getFileName().toString().endsWith(".state")).toList();
            assertThat(states).hasSize(1);
            return states.get(0);
        }
    }
}
