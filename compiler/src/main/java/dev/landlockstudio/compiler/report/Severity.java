package dev.landlockstudio.compiler.report;

import com.fasterxml.jackson.annotation.JsonValue;

public enum Severity {
    /** The compile is refused because of it (hard requirement). */
    ERROR,
    /** Something the policy asked for is not enforced as written. */
    WARNING,
    /** A change that keeps the meaning, such as rights masked on a file the kernel would refuse. */
    INFO;

    @JsonValue
    public String documentName() {
        return name().toLowerCase();
    }
}
