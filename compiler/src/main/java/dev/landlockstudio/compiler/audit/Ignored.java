package dev.landlockstudio.compiler.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A line of the input that gave no denial, and why. */
@JsonPropertyOrder({"line", "reason", "text"})
public record Ignored(int line, String reason, String text) {
}
