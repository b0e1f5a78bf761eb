package dev.landlockstudio.web.learn;

import dev.landlockstudio.compiler.audit.Ignored;
import dev.landlockstudio.compiler.learn.RuleEvidence;
import dev.landlockstudio.enforcer.learn.Learning;
import java.util.List;
import java.util.Map;

/**
 * A finished learn: the policy, why each of its rules is there, and what was left out.
 *
 * @param policy           the refined policy, as a document (named after the command; saving it may rename it)
 * @param confirmed        whether its last confined run had no denial and ended as the unconfined one
 * @param rules            per rule of the policy, its evidence: from the recording, then from each kernel denial it lifted
 * @param leftOut          accesses no rule was proposed for, each with why
 * @param failedUnconfined the calls that failed unconfined (so nothing was granted for them), counted
 * @param ignored          the recording's lines that could not be read or mapped (the first {@link #IGNORED_SHOWN})
 * @param output           the last confined run's output, stdout then stderr, cut to {@link #OUTPUT_MAX} characters
 */
public record LearnReport(String policy, boolean confirmed, List<RuleEvidence> rules, List<String> leftOut,
                          Map<String, Integer> failedUnconfined, List<Ignored> ignored, String output) {

    static final int IGNORED_SHOWN = 100;
    static final int OUTPUT_MAX = 64 * 1024;

    static LearnReport of(Learning.Result learned) {
        var last = learned.lastRun().result();
        String output = last.stdout() + last.stderr();
        return new LearnReport(learned.outcome().policy(), learned.confirmed(), learned.evidence(),
                learned.proposal().leftOut(), learned.failedUnconfined(),
                learned.recording().ignored().stream().limit(IGNORED_SHOWN).toList(),
                output.length() <= OUTPUT_MAX ? output : output.substring(0, OUTPUT_MAX) + "…");
    }
}
