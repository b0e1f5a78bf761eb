package dev.landlockstudio.web.dryrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.landlockstudio.enforcer.trial.TrialKind;
import java.time.Instant;

/**
 * One dry run of a policy version on this host.
 *
 * @param mode    a {@link TrialKind}'s id: scratch, host, overlay or command; or kernels, on stock kernels under qemu
 * @param detail  what was tried beyond the generated probes: the lower directory, the given probes, the command, the
 *                kernels' ABIs
 * @param abi     the ABI the policy was tried at on this host (null on stock kernels: each says its own)
 * @param status  running, passed (every probe as predicted), mismatched, failed (could not run), or for a command
 *                its end ("exit 0", "timed out", ...)
 * @param message why it failed (a refused hard requirement lists what cannot be expressed), else the summary, ending
 *                with what the ruleset enforced ("; ruleset fully enforced at ABI 7", partially or not enforced); on
 *                stock kernels, each kernel's count (what each enforced is in its {@link DryRunKernel})
 * @param probes  how many probes the trial planned, known before the first row (on stock kernels, the probes times
 *                the kernels); null for a command or before then
 * @param tried   how many of them were tried by the end (each a row, or left out when the host refused it unrestricted)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DryRun(long id, String policy, int version, String mode, String detail, Integer abi, String startedBy,
                     Instant startedAt, Instant finishedAt, String status, String message, Integer probes, Integer tried) {

    public boolean running() {
        return "running".equals(status);
    }

    /**
     * What its status comes to, to colour it by: passed, mismatched, error (it could not run, or a command timed out or
     * was killed), running, or ran (a command that ended by itself, whatever its exit status).
     */
    @JsonProperty
    public String outcome() {
        return switch (status) {
            case "running", "passed", "mismatched" -> status;
            default -> status.startsWith("exit ") ? "ran" : "error";
        };
    }

    /** A run on stock kernels, which has a heading for each kernel. */
    public boolean onKernels() {
        return KernelDryRun.MODE.equals(mode);
    }

    /** A command's run, which has output. */
    public boolean ranCommand() {
        return TrialKind.COMMAND.id().equals(mode);
    }
}
