package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.enforcer.kernels.BootReport;
import dev.landlockstudio.enforcer.kernels.CachedKernel;
import dev.landlockstudio.enforcer.kernels.KernelCache;
import dev.landlockstudio.enforcer.kernels.KernelsException;
import dev.landlockstudio.enforcer.kernels.StockKernel;
import dev.landlockstudio.enforcer.trial.KernelTrial;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.enforcer.trial.JUnitReport;
import dev.landlockstudio.enforcer.trial.TrialRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;

/** {@code try POLICY --kernel ABI|all}: the policy's scratch probes on cached stock kernels, a table per kernel. */
final class KernelTry {

    private KernelTry() {
    }

    static int run(CommandLine.Model.CommandSpec spec, TryCommand options, PolicyStack policy, List<AccessRequest> given) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KernelCache cache = new KernelCache(options.kernelCache == null ? KernelCache.DEFAULT : options.kernelCache);
        boolean all = options.kernels.contains("all");
        Optional<List<CachedKernel>> chosen = CachedKernelChoice.of(cache, kernels(spec, all ? List.of() : options.kernels),
                !all, "try", "tried", err);
        if (chosen.isEmpty()) {
            return ExitCode.UNAVAILABLE;
        }
        List<CachedKernel> cached = chosen.get();
        List<KernelTrial.KernelRun> result;
        try {
            result = KernelTrial.run(policy, given, cached, Duration.ofSeconds(options.bootTimeoutSeconds), run -> { });
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (KernelsException e) {
            err.println("try: " + e.getMessage());
            return ExitCode.UNAVAILABLE;
        }
        if (options.junitFile != null) {
            try {
                Files.writeString(Path.of(options.junitFile), JUnitReport.ofKernels(policy.top().name(), result));
            } catch (IOException e) {
                err.println("try: cannot write " + options.junitFile + ": " + e.getMessage());
                return ExitCode.UNAVAILABLE;
            }
        }
        if (options.json) {
            out.print(Json.write(result.stream().map(KernelTry::shown).toList()));
        }
        boolean mismatched = false;
        boolean refused = false;
        for (KernelTrial.KernelRun run : result) {
            PrintWriter table = options.json ? err : out;
            table.println(heading(run));
            if (run.refused() != null) {
                table.println("  not tried: " + run.refused());
                mismatched |= run.boot() != null;
                refused |= run.boot() == null;
            } else {
                table.println("  ruleset " + run.status());
                if (run.overlayNotTried() != null) {
                    table.println("  overlay probes not tried: " + run.overlayNotTried());
                }
                if (!options.json) {
                    TryCommand.printRows(out, run.rows());
                }
                table.println(run.rows().size() + " probes at ABI " + run.boot().abi() + ", " + run.mismatches() + " mismatched"
                        + (run.leftOut() > 0 ? ", " + run.leftOut() + " left out (refused unrestricted)" : ""));
                mismatched |= run.mismatches() > 0;
            }
            table.println();
        }
        return mismatched ? ExitCode.MISMATCH : refused ? ExitCode.REFUSED : ExitCode.OK;
    }

    /**
     * A kernel's run as --json prints it.
     *
     * @param abi      the ABI the kernel is listed with
     * @param reported the ABI it reported when booted, null when it was not booted or gave no answer
     * @param notTried why no probe was tried, else null
     * @param overlayNotTried why no probe was tried through an overlay, else null
     */
    @JsonPropertyOrder({"abi", "release", "reported", "bootSeconds", "notTried", "overlayNotTried", "ruleset", "probes",
            "mismatches", "leftOut", "rows"})
    record Shown(int abi, String release, Integer reported, Double bootSeconds, String notTried, String overlayNotTried,
                 String ruleset, int probes, long mismatches, int leftOut, List<TrialRow> rows) {
    }

    private static Shown shown(KernelTrial.KernelRun run) {
        BootReport boot = run.boot();
        return new Shown(run.kernel().abi(), boot != null && boot.release() != null ? boot.release()
                : run.kernel().source().release(), boot == null ? null : boot.abi(),
                boot == null ? null : boot.took().toMillis() / 1000.0, run.refused(), run.overlayNotTried(), run.status(),
                run.rows().size(),
                run.mismatches(), run.leftOut(), run.rows());
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
