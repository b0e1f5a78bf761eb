package dev.landlockstudio.web.dryrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.landlockstudio.enforcer.trial.TrialKind;
import java.time.Instant;

/**
 * One dry run of a policy version on this host.
 *
 * @param mode    a {@link TrialKind}'s id: scratch, host, overlay or command
 * @param detail  what was tried beyond the generated probes: the lower directory, the given probes, the command
 * @param status  running, passed (every probe as predicted), mismatched, failed (could not run), or for a command
 *                its end ("exit 0", "timed out", ...)
 * @param message why it failed (a refused hard requirement lists what cannot be expressed), else the summary, ending
 *                with what the ruleset enforced ("; ruleset fully enforced at ABI 7", partially or not enforced)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DryRun(long id, String policy, int version, String mode, String detail, Integer abi, String startedBy,
                     Instant startedAt, Instant finishedAt, String status, String message) {

    public boolean running() {
        return "running".equals(status);
    }

    /** A command's run, which has output. */
    public boolean ranCommand() {
        return TrialKind.COMMAND.id().equals(mode);
    }
}
