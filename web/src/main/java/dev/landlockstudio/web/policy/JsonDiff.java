package dev.landlockstudio.web.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.landlockstudio.compiler.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What changed between two versions of a policy, as JSON pointers: members by name, array items by position.
 */
public final class JsonDiff {

    /** One change: {@code from} is absent for an addition, {@code to} for a removal. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(String pointer, String kind, JsonNode from, JsonNode to) {
    }

    /** {@code summary}: the changes in words, as the history shows them ({@link VersionSummary}). */
    public record Result(String name, int from, int to, List<String> summary, List<Change> changes) {
    }

    private JsonDiff() {
    }

    static Result between(StoredPolicy from, StoredPolicy to) {
        List<Change> changes = new ArrayList<>();
        compare("", Json.parse(from.document()), Json.parse(to.document()), changes);
        return new Result(from.version().name(), from.version().version(), to.version().version(),
                VersionSummary.of(from.document(), to.document()), changes);
    }

    private static void compare(String pointer, JsonNode from, JsonNode to, List<Change> changes) {
        if (from.equals(to)) {
            return;
        }
        if (from.isObject() && to.isObject()) {
            Set<String> names = new LinkedHashSet<>(from.propertyNames());
            names.addAll(to.propertyNames());
            for (String name : names) {
                String member = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                compareMember(member, from.get(name), to.get(name), changes);
            }
        } else if (from.isArray() && to.isArray()) {
            for (int i = 0; i < Math.max(from.size(), to.size()); i++) {
                compareMember(pointer + "/" + i, from.get(i), to.get(i), changes);
            }
        } else {
            changes.add(new Change(pointer.isEmpty() ? "/" : pointer, "changed", from, to));
        }
    }

    private static void compareMember(String pointer, JsonNode from, JsonNode to, List<Change> changes) {
        if (from == null) {
            changes.add(new Change(pointer, "added", null, to));
        } else if (to == null) {
            changes.add(new Change(pointer, "removed", from, null));
        } else {
            compare(pointer, from, to, changes);
        }
    }
}
