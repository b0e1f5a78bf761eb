package dev.landlockstudio.compiler.lowering;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import java.util.List;

/**
 * What applying a lowered policy enforces, as rust-landlock's RulesetStatus says it, plus the refusal of a hard
 * requirement. Derived from the lowering's report, never guessed.
 */
public enum RulesetStatus {
    /** Everything the policy asks for is enforced. */
    FULLY_ENFORCED,
    /** Enforced, with what this ABI cannot express dropped (best effort; each drop is in the report). */
    PARTIALLY_ENFORCED,
    /** Nothing is restricted (soft requirement, or nothing the policy handles exists at this ABI). */
    NOT_ENFORCED,
    /** A hard requirement this ABI cannot meet: nothing is applied. */
    REFUSED;

    /** The status of what {@code lowered} applies. */
    public static RulesetStatus of(Lowering.Result lowered) {
        return of(lowered.refused(), lowered.ruleset().enforced(), lowered.items());
    }

    /** The status of what a lowering with this outcome and report applies (one ruleset, or a stack of them). */
    public static RulesetStatus of(boolean refused, boolean enforced, List<ReportItem> items) {
        if (refused) {
            return REFUSED;
        }
        if (!enforced) {
            return NOT_ENFORCED;
        }
        return items.stream().anyMatch(i -> ReportCode.inexpressible(i.code())) ? PARTIALLY_ENFORCED : FULLY_ENFORCED;
    }

    @JsonValue
    public String documentName() {
        return name().toLowerCase();
    }

    /** As a sentence says it: "partially enforced". */
    public String words() {
        return documentName().replace('_', ' ');
    }
}
