package dev.landlockstudio.compiler.picture;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * One handled right at one place of the picture.
 *
 * @param from  where the granting rule is written: the node itself, or the ancestor it is inherited from; null when
 *              denied
 * @param rules the pointers of the document's rules that grant it there; empty when denied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"right", "state", "from", "rules"})
public record Chip(String right, State state, String from, List<String> rules) {

    public enum State {
        /** A rule on this very path grants it. */
        GRANTED,
        /** A rule on an ancestor grants it, and rights are inherited downward (landlock-facts.md §2.7). */
        INHERITED,
        /** Handled, and no rule here or above grants it. */
        DENIED;

        @JsonValue
        public String documentName() {
            return name().toLowerCase();
        }
    }

    static Chip denied(String right) {
        return new Chip(right, State.DENIED, null, List.of());
    }
}
