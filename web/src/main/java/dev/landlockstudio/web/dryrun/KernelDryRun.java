package dev.landlockstudio.web.dryrun;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.enforcer.kernels.CachedKernel;
import dev.landlockstudio.enforcer.trial.KernelTrial;
import dev.landlockstudio.enforcer.trial.ProbeSpec;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A dry run of mode kernels: the policy's scratch probes on stock kernels booted under qemu ({@link KernelTrial}),
 * each kernel's heading and rows stored and sent as soon as its VM answers. It passes when every kernel tried
 * answered every probe as predicted; a kernel the lowering refused at its ABI is not tried, and says why.
 */
final class KernelDryRun {

    static final String MODE = "kernels";
    /** As the command line's try --kernel: a VM that has not powered off by then is killed. */
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private KernelDryRun() {
    }

    /** The given probes, each path named plainly, as the VM's trees need them; else a problem at /probes. */
    static List<AccessRequest> named(List<AccessRequest> given) {
        try {
            return ProbeSpec.requireNamed(given);
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException("/probes", e.getMessage());
        }
    }

    /** "ABI 2, 11, generated probes": the kernels, by the ABI each is listed with, and the probes. */
    static String detail(List<CachedKernel> kernels, String probes) {
        return "ABI " + kernels.stream().map(k -> String.valueOf(k.abi())).collect(Collectors.joining(", ")) + "," + probes;
    }

    /** Boots the kernels, two at a time, and says how the run ended. */
    static DryRuns.Ending run(long id, LiveRun live, DryRunStore store, PolicyStack policy, List<AccessRequest> given,
                              List<CachedKernel> kernels) {
        List<DryRunKernel> answered = KernelTrial.run(policy, given, kernels, BOOT_TIMEOUT, run -> live.kernel(
                DryRunKernel.of(run), run.rows(), kernel -> store.kernel(id, kernel), row -> store.row(id, row)))
                .stream().map(DryRunKernel::of).toList();
        return ending(answered);
    }

    /**
     * mismatched when a kernel answered a probe otherwise than predicted, failed when one said nothing (or none was
     * tried), else passed; the message says each kernel's count.
     */
    private static DryRuns.Ending ending(List<DryRunKernel> kernels) {
        int mismatched = kernels.stream().mapToInt(DryRunKernel::mismatched).sum();
        boolean silent = kernels.stream().anyMatch(k -> k.outcome().equals("error"));
        boolean tried = kernels.stream().anyMatch(k -> k.refused() == null);
        String status = mismatched > 0 ? "mismatched" : silent || !tried ? "failed" : "passed";
        String each = kernels.stream().map(k -> "ABI " + k.abi() + " (" + k.release() + ") " + (k.refused() == null
                ? k.probes() + " probes, " + k.mismatched() + " mismatched" : "not tried: " + k.refused()))
                .collect(Collectors.joining("; "));
        return new DryRuns.Ending(status, kernels.size() + (kernels.size() == 1 ? " kernel, " : " kernels, ") + mismatched
                + " probes mismatched: " + each, "");
    }
}
