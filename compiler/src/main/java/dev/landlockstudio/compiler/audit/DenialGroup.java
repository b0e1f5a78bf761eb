package dev.landlockstudio.compiler.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.report.Fix;
import java.util.List;

/**
 * The denials of one domain for the same rights on the same object, and what the policy lacks for them.
 *
 * @param lines    the input lines of the denials
 * @param denied   whether the policy itself denies the access (the evaluator's prediction); when it does not, the
 *                 denial came from another domain (a policy stacked with this one) and no change here lifts it
 * @param reason   one sentence: what denies it under the policy, or why the policy is not the cause
 * @param fix      the smallest change to the policy that allows it, checked with the evaluator; null when there is none
 * @param quiet    for a denial that is expected: the change that keeps it denied and stops the kernel logging it (quiet
 *                 sets and rules, from ABI 10); null below that ABI or when the policy does not deny it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"domain", "kind", "rights", "path", "port", "peer", "count", "lines", "denied", "reason", "fix", "quiet"})
public record DenialGroup(String domain, @JsonIgnore RightKind kind, List<String> rights, String path, Integer port, String peer,
                          int count, List<Integer> lines, boolean denied, String reason, Fix fix, Fix quiet) {

    /** What was denied, in words: "read_file on /root/.bashrc". */
    public String access() {
        return Denial.access(rights, path, port, peer);
    }

    /** The kind as the kernel's blockers prefix it: fs, net or scope. */
    @JsonProperty("kind")
    public String kindName() {
        return Blockers.prefix(kind);
    }
}
