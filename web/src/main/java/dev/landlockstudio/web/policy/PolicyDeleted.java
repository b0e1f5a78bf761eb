package dev.landlockstudio.web.policy;

/**
 * Published within the transaction that deletes policy {@code name}, so that what hangs on it (its share links) ends
 * with it, or not at all.
 */
public record PolicyDeleted(String name) {
}
