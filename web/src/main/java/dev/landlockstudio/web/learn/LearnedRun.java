package dev.landlockstudio.web.learn;

import dev.landlockstudio.compiler.audit.DenialGroup;
import dev.landlockstudio.enforcer.learn.Refinement;
import java.util.List;

/**
 * One confined run of a learn, as its page shows it.
 *
 * @param ending      how the command ended: "exit 0", "killed by signal 9", "timed out"
 * @param denials     the kernel's denials of the run, grouped, each with what was done about it (the first
 *                    {@link #GROUPS_SHOWN} groups, so that a run denied everywhere still fits its column)
 * @param groupsNotShown the groups beyond those
 * @param recordsLost whether the kernel dropped records meanwhile: then no denial is no proof
 */
public record LearnedRun(int number, String ending, int denialCount, List<Denied> denials, int groupsNotShown,
                         boolean recordsLost) {

    static final int GROUPS_SHOWN = 100;

    /**
     * @param granted whether the next run's policy grants it
     * @param change  the change made ("grant truncate on /var/log/app"), or why none was
     */
    public record Denied(String access, int count, boolean granted, String change) {
    }

    static LearnedRun of(Refinement.Run run) {
        return new LearnedRun(run.number(), run.result().ending(), run.denialCount(),
                run.denials().stream().limit(GROUPS_SHOWN).map(LearnedRun::denied).toList(),
                Math.max(0, run.denials().size() - GROUPS_SHOWN), run.recordsLost());
    }

    private static Denied denied(DenialGroup group) {
        return new Denied(group.access(), group.count(), Refinement.granted(group), Refinement.change(group));
    }
}
