package dev.landlockstudio.compiler.compile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.report.Severity;
import java.util.List;

/**
 * What one compile produced. Serialized, it is the report document (report.schema.json).
 *
 * @param output  the target's document, or null when refused or when the target cannot say "apply nothing"
 * @param refused a hard requirement that this ABI or target cannot meet
 */
@JsonPropertyOrder({"target", "abi", "enforced", "items"})
public record Compilation(
        @JsonIgnore Target target,
        int abi,
        @JsonIgnore Ruleset ruleset,
        @JsonIgnore String output,
        @JsonIgnore boolean refused,
        List<ReportItem> items) {

    /** The target's identifier, as the report names it. */
    @JsonProperty("target")
    public String targetId() {
        return target.id();
    }

    @JsonProperty("enforced")
    public boolean enforced() {
        return ruleset.enforced();
    }

    public long count(Severity severity) {
        return items.stream().filter(i -> i.severity() == severity).count();
    }
}
