package dev.landlockstudio.web.policy;

/** A saved version of a policy and its document, exactly as it was given. */
public record StoredPolicy(PolicyVersion version, String document) {
}
