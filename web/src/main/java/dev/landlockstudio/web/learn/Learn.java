package dev.landlockstudio.web.learn;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One learn: a command recorded unconfined, a policy proposed from what it did, refined on this kernel.
 *
 * @param into       the policy it proposes additions to, or null for a new policy
 * @param intoVersion the version of {@code into} it started from
 * @param status     running, confirmed (the last confined run had no denial and ended as the unconfined one),
 *                   unconfirmed, or failed (it could not record or run)
 * @param message    why it failed, else its summary
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Learn(long id, List<String> command, int abi, int maxRuns, String into, Integer intoVersion, String startedBy,
                    Instant startedAt, Instant finishedAt, String status, String message) {

    public boolean running() {
        return "running".equals(status);
    }

    /** What its status comes to, to colour it by, as a dry run's: running, passed, mismatched or error. */
    @JsonProperty
    public String outcome() {
        return switch (status) {
            case "running" -> "running";
            case "confirmed" -> "passed";
            case "unconfirmed" -> "mismatched";
            default -> "error";
        };
    }
}
