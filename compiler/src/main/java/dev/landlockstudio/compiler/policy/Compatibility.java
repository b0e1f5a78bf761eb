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

    private final String documentName;

    Compatibility(String documentName) {
        this.documentName = documentName;
    }

    @JsonValue
    public String documentName() {
        return documentName;
    }
}
