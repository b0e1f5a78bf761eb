package dev.landlockstudio.enforcer.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.command.UnixUser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stock kernels for live tests, fetched once per machine into a fixed cache (about 40 MB of download for ABI 2 and
 * 11), which later runs and CI reuse. Without root, qemu, gcc or the mirror, tests skip (fail under CI=true).
 */
public final class CachedStockKernels {

    public static final Path CACHE = Path.of("/var/cache/landlock-studio/kernels");

    private CachedStockKernels() {
    }

    /** The kernels, cached; returns the fetch's progress. */
    public static synchronized String require(List<StockKernel> kernels) {
        EnforcerTestSupport.require(UnixUser.current().uid() == 0, "the kernel cache " + CACHE + " is root's");
        for (String tool : List.of(QemuBoot.QEMU, "gcc")) {
            EnforcerTestSupport.require(problem(() -> HostTools.require(tool, HostTools.BOOT_PACKAGES)) == null,
                    tool + " is not installed: apt-get install " + HostTools.BOOT_PACKAGES);
        }
        StringWriter progress = new StringWriter();
        String fetchProblem = problem(() -> new KernelFetch(new KernelCache(CACHE), DebianMirror.SOURCES,
                new PrintWriter(progress)).fetch(kernels));
        EnforcerTestSupport.require(fetchProblem == null, "the kernels cannot be fetched: " + fetchProblem);
        return progress.toString();
    }

    /** No qemu of ours runs on, and the boots' temporary folder is gone. */
    public static void assertNothingLeft() throws IOException {
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("").contains("qemu"))).isEmpty();
        String ours = KernelCheck.PREFIX + ProcessHandle.current().pid() + "-";
        try (Stream<Path> temporary = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(temporary.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(ours))).isEmpty();
        }
    }

    private static String problem(Runnable step) {
        try {
            step.run();
            return null;
        } catch (KernelsException e) {
            return e.getMessage();
        }
    }
}
