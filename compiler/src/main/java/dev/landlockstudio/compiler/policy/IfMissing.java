package dev.landlockstudio.compiler.policy;

import com.fasterxml.jackson.annotation.JsonValue;

/** What applying a rule does with a path that does not exist on the host. */
public enum IfMissing {
    FAIL("fail"),
    SKIP("skip");

    private final String documentName;

    IfMissing(String documentName) {
        this.documentName = documentName;
    }

    @JsonValue
    public String documentName() {
        return documentName;
    }
}
