package dev.landlockstudio.web.dryrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.landlockstudio.enforcer.kernels.BootReport;
import dev.landlockstudio.enforcer.trial.KernelTrial;
import java.util.Locale;

/**
 * What one stock kernel of a dry run of mode kernels said: the heading of its rows.
 *
 * @param abi         the ABI the kernel is listed with (its rows' {@code kernel})
 * @param release     the release it reported booted, else its package's
 * @param reportedAbi the ABI it reported, null when it did not boot or has no Landlock
 * @param tookMillis  how long its VM ran, null when it was not booted
 * @param status      the ruleset's status at the reported ABI ("fully enforced at ABI 11"), null when not tried
 * @param refused     why nothing was tried on it (the lowering refused, no Landlock, no answer), else null
 * @param probes      its rows
 * @param mismatched  its rows the kernel answered otherwise than predicted
 * @param leftOut     probes it refused even unrestricted
 * @param outcome     passed (every probe as predicted), mismatched, refused (not tried: the lowering refused at its
 *                    ABI, or it has no Landlock) or error (its VM said nothing: it did not boot, crashed or was killed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DryRunKernel(int abi, String release, Integer reportedAbi, Long tookMillis, String status, String refused,
                           int probes, int mismatched, int leftOut, String outcome) {

    static DryRunKernel of(KernelTrial.KernelRun run) {
        BootReport boot = run.boot();
        String release = boot != null && boot.release() != null ? boot.release() : run.kernel().source().release();
        return new DryRunKernel(run.kernel().abi(), release, boot == null ? null : boot.abi(),
                boot == null ? null : boot.took().toMillis(), run.status(), run.refused(), run.rows().size(),
                (int) run.mismatches(), run.leftOut(), outcome(run));
    }

    /** "kernel 7.3.4+deb13-cloud-amd64 (listed as ABI 11), reports ABI 11 (3.1 s)", as try --kernel heads its table. */
    @JsonProperty
    public String heading() {
        String reported = tookMillis == null || outcome.equals("error") ? ""
                : ", reports " + (reportedAbi == null ? "no Landlock" : "ABI " + reportedAbi);
        return "kernel " + release + " (listed as ABI " + abi + ")" + reported
                + (tookMillis == null ? "" : String.format(Locale.ROOT, " (%.1f s)", tookMillis / 1000.0));
    }

    /** What came of it: the ruleset's status and the counts, or why nothing was tried. */
    @JsonProperty
    public String said() {
        return refused != null ? "not tried: " + refused : "ruleset " + status + "; " + probes + " probes, " + mismatched
                + " mismatched" + (leftOut > 0 ? ", " + leftOut + " left out (refused unrestricted)" : "");
    }

    private static String outcome(KernelTrial.KernelRun run) {
        if (run.refused() == null) {
            return run.mismatches() == 0 ? "passed" : "mismatched";
        }
        return run.boot() != null && run.boot().problem() != null ? "error" : "refused";
    }
}
