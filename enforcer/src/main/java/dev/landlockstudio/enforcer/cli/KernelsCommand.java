package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.enforcer.kernels.BootReport;
import dev.landlockstudio.enforcer.kernels.CachedKernel;
import dev.landlockstudio.enforcer.kernels.DebianMirror;
import dev.landlockstudio.enforcer.kernels.KernelCache;
import dev.landlockstudio.enforcer.kernels.KernelCheck;
import dev.landlockstudio.enforcer.kernels.KernelFetch;
import dev.landlockstudio.enforcer.kernels.KernelList;
import dev.landlockstudio.enforcer.kernels.KernelsException;
import dev.landlockstudio.enforcer.kernels.StockKernel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = {"The stock kernels a fleet runs, one per Landlock ABI that Debian carries (2, 6, 7, 8, 9, 10, 11),"
                + " fetched from this machine's Debian mirror and booted under qemu (software emulation, no KVM needed).",
                "Booting needs: apt-get install " + KernelCheck.NEEDS},
        subcommands = {KernelsCommand.Fetch.class, KernelsCommand.ListKernels.class, KernelsCommand.Check.class})
final class KernelsCommand {

    /** The cache folder option, shared by the subcommands. */
    static final class CacheOption {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "The kernel cache (default data/kernels, beside the web app's default data directory).")
        Path dir;

        KernelCache cache() {
            return new KernelCache(dir == null ? KernelCache.DEFAULT : dir);
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Fetch the kernels of these ABIs (default: every ABI Debian has) into the cache, with a private"
                    + " apt state there (the system's apt configuration is only read, for its mirror); apt verifies each"
                    + " package. Each kernel's OverlayFS module is kept with it (from its image package, or its"
                    + " linux-modules package where the image has none), for try --kernel's overlay rows. A kernel cached"
                    + " whose image still has its recorded SHA-256 is not fetched again; one cached without its module gets"
                    + " just the module. Progress goes to stderr, the kernels fetched to stdout. About 15-50 MB of download"
                    + " per kernel, 38 and 23 MB more for the modules of 7.2 and 7.3."})
    static final class Fetch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        CacheOption cacheOption;
        @Parameters(paramLabel = "ABI", arity = "0..*", description = "Landlock ABIs (2, 6, 7, 8, 9, 10, 11).")
        List<Integer> abis;

        /** A fetch that draws a bar per download where its progress goes to a terminal. */
        private KernelFetch fetch(PrintWriter err) {
            KernelFetch fetch = new KernelFetch(cacheOption.cache(), DebianMirror.SOURCES, err);
            return System.console() != null ? fetch.drawingBars() : fetch;
        }

        @Override
        public Integer call() {
            List<StockKernel> kernels = kernels(spec, abis);
            PrintWriter err = spec.commandLine().getErr();
            try {
                for (CachedKernel kernel : fetch(err).fetch(kernels)) {
                    spec.commandLine().getOut().println("ABI " + kernel.abi() + "  " + kernel.source().release()
                            + "  " + kernel.vmlinux());
                }
                return ExitCode.OK;
            } catch (KernelsException e) {
                err.println("kernels fetch: " + e.getMessage());
                return ExitCode.UNAVAILABLE;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the stock kernels: ABI, kernel release, Debian package, whether it is cached, and whether"
                    + " its OverlayFS module is (yes; none: no package on the mirror holds it; no: not fetched yet)."
                    + " Uses no network: a kernel not cached shows the package of the last fetch's lists, if any."})
    static final class ListKernels implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        CacheOption cacheOption;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            KernelCache cache = cacheOption.cache();
            out.printf(Locale.ROOT, "%-4s %-28s %-44s %-7s %s%n", "ABI", "KERNEL", "PACKAGE", "CACHED", "OVERLAY");
            for (KernelList.Row row : KernelList.of(cache)) {
                String suite = row.kernel().series() + ".x (" + row.kernel().suite() + ")";
                out.printf(Locale.ROOT, "%-4d %-28s %-44s %-7s %s%n", row.kernel().abi(),
                        row.release() == null ? suite : row.release(),
                        row.packageName() == null ? "(known after a fetch)" : row.packageName(), row.cached() ? "yes" : "no",
                        row.overlay());
            }
            out.println("cache: " + cache.dir());
            return ExitCode.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Boot each cached kernel of these ABIs (default: every cached one), two at a time, and print the"
                    + " release and Landlock ABI the kernel reports. Exit 4 when a kernel does not report the ABI it is"
                    + " listed with or does not answer, 5 when a kernel is not cached or qemu, busybox-static or gcc is missing."})
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        CacheOption cacheOption;
        @Parameters(paramLabel = "ABI", arity = "0..*", description = "Landlock ABIs (2, 6, 7, 8, 9, 10, 11).")
        List<Integer> abis;
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "Kill a VM that has not answered after this long (default 120).")
        int timeoutSeconds;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            KernelCache cache = cacheOption.cache();
            Optional<List<CachedKernel>> cached = CachedKernelChoice.of(cache, kernels(spec, abis),
                    abis != null && !abis.isEmpty(), "kernels check", "booted", err);
            if (cached.isEmpty()) {
                return ExitCode.UNAVAILABLE;
            }
            try {
                boolean allAsListed = true;
                for (BootReport report : KernelCheck.boot(cached.get(), Duration.ofSeconds(timeoutSeconds))) {
                    out.println(line(report));
                    allAsListed &= report.asListed();
                }
                return allAsListed ? ExitCode.OK : ExitCode.MISMATCH;
            } catch (KernelsException e) {
                err.println("kernels check: " + e.getMessage());
                return ExitCode.UNAVAILABLE;
            }
        }

        private static String line(BootReport report) {
            String head = String.format(Locale.ROOT, "ABI %-2d %-28s ", report.kernel().abi(), report.kernel().source().release());
            String took = String.format(Locale.ROOT, " (%.1f s)", report.took().toMillis() / 1000.0);
            if (report.problem() != null) {
                return head + "no answer" + took + ": " + report.problem();
            }
            String says = report.abi() == null ? "has no Landlock (" + report.errno() + ")"
                    : "reports Landlock ABI " + report.abi() + ", errata 0x" + Long.toHexString(report.errata());
            String listed = report.asListed() ? "" : " (listed as ABI " + report.kernel().abi() + ")";
            return head + "booted " + report.release() + ", " + says + listed + took;
        }
    }

    private static List<StockKernel> kernels(CommandLine.Model.CommandSpec spec, List<Integer> abis) {
        try {
            return StockKernel.ofAbis(abis);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
