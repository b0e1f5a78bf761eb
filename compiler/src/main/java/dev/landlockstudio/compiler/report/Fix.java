package dev.landlockstudio.compiler.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A mechanical fix for a report item: what a button would say, and the RFC 6902 patch it applies to the policy
 * document (add, remove and replace only).
 */
@JsonPropertyOrder({"label", "patch"})
public record Fix(String label, List<Operation> patch) {

    /** One RFC 6902 operation; {@code value} is absent for remove. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"op", "path", "value"})
    public record Operation(String op, String path, Object value) {

        public static Operation add(String path, Object value) {
            return new Operation("add", path, value);
        }

        public static Operation replace(String path, Object value) {
            return new Operation("replace", path, value);
        }

        public static Operation remove(String path) {
            return new Operation("remove", path, null);
        }
    }

    public static Fix of(String label, Operation... patch) {
        return new Fix(label, List.of(patch));
    }
}
