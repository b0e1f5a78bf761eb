package dev.landlockstudio.web.token;

import java.util.Arrays;
import java.util.Optional;

/** What an API token may call. */
public enum TokenScope {

    /** Only {@code GET /api/policies/{name}/export}: what a CI job needs. */
    EXPORT("export"),
    /** Everything its owner can do through the API. */
    FULL("full");

    private final String id;

    TokenScope(String id) {
        this.id = id;
    }

    /** The name in forms, the database and problems. */
    public String id() {
        return id;
    }

    public static Optional<TokenScope> of(String id) {
        return Arrays.stream(values()).filter(scope -> scope.id.equals(id)).findFirst();
    }
}
