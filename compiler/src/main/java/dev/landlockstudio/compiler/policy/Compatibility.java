package dev.landlockstudio.compiler.policy;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What to do when a target or a kernel ABI cannot express part of a policy; rust-landlock's
 * BestEffort / SoftRequirement / HardRequirement.
 */
public enum Compatibility {
    /** Drop what cannot be expressed, enforce the rest, report every drop. */
    BEST_EFFORT("best_effort"),
    /** If anything cannot be expressed, enforce nothing and say why. */
    SOFT_REQUIREMENT("soft_requirement"),
    /** If anything cannot be expressed, refuse, listing every such item. */
    HARD_REQUIREMENT("hard_requirement");

    /** What a compile does for one ABI and target. */
    public enum Outcome { ENFORCED, NOT_ENFORCED, REFUSED }

    private final String documentName;

    Compatibility(String documentName) {
        this.documentName = documentName;
    }

    @JsonValue
    public String documentName() {
        return documentName;
    }

    /**
     * The outcome when {@code somethingLost} (part of the policy cannot be expressed) and when {@code nothingLeft}
     * (nothing it handles can be: there would be no ruleset at all).
     */
    public Outcome outcome(boolean somethingLost, boolean nothingLeft) {
        return switch (this) {
            case BEST_EFFORT -> nothingLeft ? Outcome.NOT_ENFORCED : Outcome.ENFORCED;
            case SOFT_REQUIREMENT -> somethingLost || nothingLeft ? Outcome.NOT_ENFORCED : Outcome.ENFORCED;
            case HARD_REQUIREMENT -> somethingLost || nothingLeft ? Outcome.REFUSED : Outcome.ENFORCED;
        };
    }
}
