package dev.landlockstudio.enforcer.trial;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.enforcer.probe.ProbeRunner;

/**
 * One probe of a trial: what was tried (in the policy's own paths), what the evaluator predicted, what the kernel did.
 *
 * @param expected "allowed" or the errno the evaluator predicts
 * @param actual   "allowed", the errno of a denial, or "error ERRNO" when the access failed for another reason
 */
@JsonPropertyOrder({"probe", "expected", "actual", "match"})
public record TrialRow(String probe, String expected, String actual, boolean match) {

    static TrialRow of(String probe, Decision predicted, ProbeRunner.Outcome outcome) {
        return new TrialRow(probe, predicted.outcome(), outcome.describe(), predicted.outcome().equals(outcome.describe()));
    }
}
