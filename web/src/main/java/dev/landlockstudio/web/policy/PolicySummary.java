package dev.landlockstudio.web.policy;

import java.time.Instant;

/** A policy in the list: its name, description and latest version. */
public record PolicySummary(String name, String description, int latestVersion, Instant updatedAt, String updatedBy) {
}
