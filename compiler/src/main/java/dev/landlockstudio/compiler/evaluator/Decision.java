package dev.landlockstudio.compiler.evaluator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What the kernel will answer, and why.
 *
 * @param errno  null when allowed; EACCES, EXDEV or EPERM as the kernel returns them
 * @param checks every rights check the decision made, each with its per-layer trace
 * @param reason one sentence on what decided, for explain
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"allowed", "errno", "reason", "checks"})
public record Decision(boolean allowed, String errno, String reason, List<Check> checks) {

    /** "allowed", or the errno: what a probe of the same access should report. */
    @JsonIgnore
    public String outcome() {
        return allowed ? "allowed" : errno;
    }

    /**
     * One set of rights checked on one place (a path and its ancestors, a port, the domain's scopes).
     *
     * @param on     the path (as resolved), "port N", or "scope"
     * @param rights the rights asked for, by name
     */
    @JsonPropertyOrder({"on", "rights", "layers"})
    public record Check(String on, List<String> rights, List<LayerCheck> layers) {

        public boolean allowed() {
            return layers.stream().allMatch(l -> l.missing().isEmpty());
        }
    }

    /**
     * One layer's answer to a check.
     *
     * @param layer   1 for the first ruleset applied
     * @param name    the name of the policy the layer came from, or null when the rulesets were not named
     * @param handled the asked rights this layer handles (the others it does not restrict)
     * @param grants  which rule granted each handled right
     * @param missing handled rights no rule on the path grants
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"layer", "name", "handled", "grants", "missing"})
    public record LayerCheck(int layer, String name, List<String> handled, List<Grant> grants, List<String> missing) {

        /** "layer 2 (web)", or "layer 2" when unnamed: how reasons and explanations name it. */
        @JsonIgnore
        public String label() {
            return "layer " + layer + (name == null ? "" : " (" + name + ")");
        }
    }

    /**
     * @param right the right granted
     * @param rule  the rule's path as the policy wrote it
     * @param at    the path (the checked one or an ancestor) that rule is on
     */
    @JsonPropertyOrder({"right", "rule", "at"})
    public record Grant(String right, String rule, String at) {
    }
}
