package dev.landlockstudio.web.policy;

import java.time.Instant;

/** One saved version of a policy, without its document; {@code abi} is the document's own (the newest known when it has none). */
public record PolicyVersion(String name, int version, int abi, String author, Instant createdAt, String note) {

    /** The HTTP entity tag of this version: a policy's versions are its only states. */
    public String etag() {
        return "\"v" + version + "\"";
    }
}
