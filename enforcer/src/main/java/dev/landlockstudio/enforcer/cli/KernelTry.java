package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.enforcer.kernels.BootReport;
import dev.landlockstudio.enforcer.kernels.CachedKernel;
import dev.landlockstudio.enforcer.kernels.KernelCache;
import dev.landlockstudio.enforcer.kernels.KernelsException;
import dev.landlockstudio.enforcer.kernels.StockKernel;
import dev.landlockstudio.enforcer.trial.KernelTrial;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;

/** {@code try POLICY --kernel ABI|all}: the policy's scratch probes on cached stock kernels, a table per kernel. */
final class KernelTry {

    private KernelTry() {
    }

    static int run(CommandLine.Model.CommandSpec spec, TryCommand options, ResolvedPolicy policy, List<AccessRequest> given) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (options.json || options.junitFile != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kernel prints tables only: --json and --junit"
                    + " are for trials on this host");
        }
        KernelCache cache = new KernelCache(options.kernelCache == null ? KernelCache.DEFAULT : options.kernelCache);
        boolean all = options.kernels.contains("all");
        List<CachedKernel> cached = new ArrayList<>();
        for (StockKernel kernel : kernels(spec, all ? List.of() : options.kernels)) {
            Optional<CachedKernel> found = cache.cached(kernel);
            if (found.isPresent()) {
                cached.add(found.get());
            } else if (!all) {
                err.println("try: the kernel of ABI " + kernel.abi() + " is not cached in " + cache.dir()
                        + ": landlock-studio kernels fetch " + kernel.abi());
                return ExitCode.UNAVAILABLE;
            } else {
                err.println("ABI " + kernel.abi() + " is not cached, not tried (landlock-studio kernels fetch " + kernel.abi() + ")");
            }
        }
        if (cached.isEmpty()) {
            err.println("try: no kernel is cached in " + cache.dir() + ": landlock-studio kernels fetch");
            return ExitCode.UNAVAILABLE;
        }
        List<KernelTrial.KernelRun> result;
        try {
            result = KernelTrial.run(policy, given, cached, Duration.ofSeconds(options.bootTimeoutSeconds), run -> { });
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (KernelsException e) {
            err.println("try: " + e.getMessage());
            return ExitCode.UNAVAILABLE;
        }
        boolean mismatched = false;
        boolean refused = false;
        for (KernelTrial.KernelRun run : result) {
            out.println(heading(run));
            if (run.refused() != null) {
                out.println("  not tried: " + run.refused());
                mismatched |= run.boot() != null;
                refused |= run.boot() == null;
            } else {
                out.println("  ruleset " + run.status());
                TryCommand.printRows(out, run.rows());
                out.println(run.rows().size() + " probes at ABI " + run.boot().abi() + ", " + run.mismatches() + " mismatched"
                        + (run.leftOut() > 0 ? ", " + run.leftOut() + " left out (refused unrestricted)" : ""));
                mismatched |= run.mismatches() > 0;
            }
            out.println();
        }
        return mismatched ? ExitCode.MISMATCH : refused ? ExitCode.REFUSED : ExitCode.OK;
    }

    /** "kernel 7.3.4+deb13-cloud-amd64 (listed as ABI 11), reports ABI 11 (8.1 s)": the release it booted, if it did. */
    private static String heading(KernelTrial.KernelRun run) {
        BootReport boot = run.boot();
        StringBuilder line = new StringBuilder("kernel ").append(boot != null && boot.release() != null ? boot.release()
                : run.kernel().source().release()).append(" (listed as ABI ").append(run.kernel().abi()).append(")");
        if (boot != null) {
            if (boot.release() != null) {
                line.append(", reports ").append(boot.abi() == null ? "no Landlock (" + boot.errno() + ")" : "ABI " + boot.abi());
            }
            line.append(String.format(Locale.ROOT, " (%.1f s)", boot.took().toMillis() / 1000.0));
        }
        return line.toString();
    }

    private static List<StockKernel> kernels(CommandLine.Model.CommandSpec spec, List<String> abis) {
        try {
            return StockKernel.ofAbis(abis.stream().map(Integer::valueOf).toList());
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kernel: expected a Landlock ABI or all, not "
                    + e.getMessage().replaceFirst("^For input string: ", ""));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kernel: " + e.getMessage());
        }
    }
}
