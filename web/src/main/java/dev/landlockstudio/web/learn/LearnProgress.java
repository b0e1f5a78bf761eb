package dev.landlockstudio.web.learn;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * What a learn has said so far: its unconfined run once recorded, then each confined run as it ends.
 *
 * @param recorded null until the recording is read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LearnProgress(Recorded recorded, List<LearnedRun> runs) {

    /**
     * The unconfined run.
     *
     * @param ending       how it ended
     * @param accesses     the accesses read from its recording (and from the recordings merged with it)
     * @param failedCalls  its calls that failed unconfined
     * @param ignoredLines the recording's lines that could not be read or mapped
     */
    public record Recorded(String ending, int accesses, int failedCalls, int ignoredLines) {
    }

    static LearnProgress started() {
        return new LearnProgress(null, List.of());
    }

    LearnProgress withRecorded(Recorded recorded) {
        return new LearnProgress(recorded, runs);
    }

    LearnProgress withRun(LearnedRun run) {
        List<LearnedRun> more = new ArrayList<>(runs);
        more.add(run);
        return new LearnProgress(recorded, List.copyOf(more));
    }
}
