package dev.landlockstudio.enforcer.trial;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.enforcer.probe.ProbeRunner;

/**
 * One probe of a trial: what was tried (in the policy's own paths), what the evaluator predicted, what the kernel did.
 *
 * @param spec     the access as a probe spec ({@link ProbeSpec}), to try it again or ask explain about it
 * @param expected "allowed" or the errno the evaluator predicts
 * @param actual   "allowed", the errno of a denial, "error ERRNO" when the access failed for another reason, or
 *                 "not tried: " and why (what is at the path may not be opened on the host, or the probe timed out)
 */
@JsonPropertyOrder({"probe", "spec", "expected", "actual", "match"})
public record TrialRow(String probe, String spec, String expected, String actual, boolean match) {

    /** @param label what the row adds before the access (the overlay trial's arrangement), or empty */
    static TrialRow of(String label, AccessRequest shown, Decision predicted, ProbeRunner.Outcome outcome) {
        return new TrialRow(label + Probes.describe(shown), ProbeSpec.format(shown), predicted.outcome(), outcome.describe(),
                predicted.outcome().equals(outcome.describe()));
    }

    /** A probe that was not tried (what is at its path may not be opened, or it ran out of time): never a match. */
    static TrialRow notTried(String label, AccessRequest shown, Decision predicted, String reason) {
        return new TrialRow(label + Probes.describe(shown), ProbeSpec.format(shown), predicted.outcome(), "not tried: "
                + reason, false);
    }
}
