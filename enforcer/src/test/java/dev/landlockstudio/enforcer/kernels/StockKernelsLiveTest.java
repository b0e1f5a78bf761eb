package dev.landlockstudio.enforcer.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.enforcer.cli.CliRun;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's stock kernels of ABI 2 (6.1) and ABI 11 (7.3), booted under qemu (fetched by {@link CachedStockKernels}). */
class StockKernelsLiveTest {

    static final Path CACHE = CachedStockKernels.CACHE;
    private static final List<StockKernel> KERNELS = StockKernel.ofAbis(List.of(2, 11));
    private static String fetchProgress;

    @BeforeAll
    static void fetchTheKernelsOnce() {
        fetchProgress = CachedStockKernels.require(KERNELS);
    }

    @Test
    void eachKernelBootsAndReportsItsAbi() throws Exception {
        CliRun list = CliRun.of("kernels", "list", "--dir", CACHE.toString());
        assertThat(list.out()).containsPattern("(?m)^2 +6\\.1\\.\\S+-cloud-amd64 +linux-image-6\\.1\\.\\S+ +yes +yes$")
                .containsPattern("(?m)^11 +7\\.3\\.\\S+-cloud-amd64 +linux-(image|binary)-7\\.3\\.\\S+ +yes +yes$");
        // Each kernel's overlay module is built for that very release: its kernel would refuse another's.
        for (StockKernel kernel : KERNELS) {
            CachedKernel cached = new KernelCache(CACHE).cached(kernel).orElseThrow();
            assertThat(KernelCache.overlayVerified(cached)).isTrue();
            // The module's .modinfo strings hold "vermagic=RELEASE SMP ...", as modinfo -F vermagic prints it.
            String module = new String(Files.readAllBytes(cached.overlay().file()), StandardCharsets.ISO_8859_1);
            assertThat(module).contains("\0vermagic=" + cached.source().release() + " ");
        }

        CliRun check = CliRun.of("kernels", "check", "2", "11", "--dir", CACHE.toString());
        assertThat(check.exit()).as(check.out() + check.err()).isEqualTo(ExitCode.OK);
        assertThat(check.out()).containsPattern("(?m)^ABI 2 .* booted 6\\.1\\.\\S+, reports Landlock ABI 2, errata 0x\\p{XDigit}+ \\(\\d+\\.\\d s\\)$")
                .containsPattern("(?m)^ABI 11 .* booted 7\\.3\\.\\S+, reports Landlock ABI 11, errata 0x\\p{XDigit}+ \\(\\d+\\.\\d s\\)$");
        CachedStockKernels.assertNothingLeft();

        // Verified and cached: a second fetch downloads nothing.
        StringWriter again = new StringWriter();
        new KernelFetch(new KernelCache(CACHE), DebianMirror.SOURCES, new PrintWriter(again)).fetch(KERNELS);
        assertThat(again.toString()).contains("ABI 2: cached, 6.1.", "ABI 11: cached, 7.3.").doesNotContain("downloading");
        assertThat(fetchProgress).contains("ABI 2: ", "ABI 11: ");
    }

    @Test
    void aKernelThatDoesNotAnswerInTimeIsKilled() throws Exception {
        CachedKernel kernel = new KernelCache(CACHE).cached(KERNELS.get(0)).orElseThrow();
        BootReport report = KernelCheck.boot(List.of(kernel), Duration.ofMillis(300)).get(0);
        assertThat(report.asListed()).isFalse();
        assertThat(report.problem()).startsWith("killed after 0.3 s without the kernel's answer");
        CachedStockKernels.assertNothingLeft();
    }

    @Test
    void aDamagedImageIsNotTakenAsCached(@TempDir Path dir) throws Exception {
        KernelCache copy = new KernelCache(dir);
        Files.createDirectory(dir.resolve("abi-2"));
        for (String file : List.of("vmlinux", "kernel.properties")) {
            Files.copy(CACHE.resolve("abi-2").resolve(file), dir.resolve("abi-2").resolve(file));
        }
        CachedKernel intact = copy.cached(KERNELS.get(0)).orElseThrow();
        assertThat(KernelCache.verified(intact)).isTrue();
        try (RandomAccessFile image = new RandomAccessFile(intact.vmlinux().toFile(), "rw")) {
            image.seek(intact.size() / 2);
            int b = image.read();
            image.seek(intact.size() / 2);
            image.write(b ^ 1);
        }
        assertThat(KernelCache.verified(copy.cached(KERNELS.get(0)).orElseThrow())).isFalse();
        try (RandomAccessFile image = new RandomAccessFile(intact.vmlinux().toFile(), "rw")) {
            image.setLength(intact.size() - 1);
        }
        assertThat(copy.cached(KERNELS.get(0))).isEmpty();
        assertThat(CliRun.of("kernels", "check", "2", "--dir", dir.toString()).err())
                .contains("ABI 2 is not cached in " + dir + ": landlock-studio kernels fetch 2");
    }
}
