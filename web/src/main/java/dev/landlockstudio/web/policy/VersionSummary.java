package dev.landlockstudio.web.policy;

import dev.landlockstudio.compiler.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * What a version changed against the one before, in a few words per change: "rule 3: + refer", "rule 2 removed
 * (/run)", "handledAccessFs: - truncate", "abi: 6 → 7". Rules are numbered from 1 as the editor shows them (a removed
 * rule by its place in the older version, any other by its place in the newer), and matched across the versions by
 * content first, then by a shared path or port, so that removing one rule does not read as changing all after it.
 */
public final class VersionSummary {

    /** Members whose values are prose or long: their change is named, not quoted. */
    private static final Set<String> TEXT_MEMBERS = Set.of("name", "description", "$schema");
    /** How many of an added or removed rule's paths (or ports) are quoted. */
    private static final int QUOTED = 3;

    private VersionSummary() {
    }

    /** The changes from {@code before} to {@code after}, two saved (so valid) documents. */
    public static List<String> of(String before, String after) {
        if (before.equals(after)) {
            return List.of("same document");
        }
        JsonNode from = Json.parse(before);
        JsonNode to = Json.parse(after);
        if (from.equals(to)) {
            return List.of("formatting only");
        }
        List<String> changes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(to.propertyNames());
        names.addAll(from.propertyNames());
        for (String name : names) {
            JsonNode old = from.get(name);
            JsonNode now = to.get(name);
            if (old != null && old.equals(now)) {
                continue;
            }
            switch (name) {
                case "pathBeneath" -> new Rules("rule", "paths").compare(items(old), items(now), changes);
                case "netPort" -> new Rules("port rule", "ports").compare(items(old), items(now), changes);
                default -> changes.add(member(name, old, now));
            }
        }
        return changes;
    }

    private static List<JsonNode> items(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        if (array != null) {
            array.forEach(items::add);
        }
        return items;
    }

    /** One member's change, {@code label} first (none for a rule's rights, the change the summary is most about). */
    private static String member(String label, JsonNode from, JsonNode to) {
        String prefix = label == null ? "" : label + ": ";
        if (from == null) {
            return label + " added" + (isValue(to) || isValueList(to) ? ": " + quoted(to) : "");
        }
        if (to == null) {
            return label + " removed";
        }
        if (isValueList(from) && isValueList(to)) {
            Set<String> old = values(from);
            Set<String> now = values(to);
            List<String> changes = new ArrayList<>();
            now.stream().filter(v -> !old.contains(v)).forEach(v -> changes.add("+ " + v));
            old.stream().filter(v -> !now.contains(v)).forEach(v -> changes.add("- " + v));
            return prefix + (changes.isEmpty() ? "reordered" : String.join(", ", changes));
        }
        if (isValue(from) && isValue(to) && !TEXT_MEMBERS.contains(label)) {
            return prefix + quoted(from) + " → " + quoted(to);
        }
        return (label == null ? "rights" : label) + " changed";
    }

    private static boolean isValue(JsonNode node) {
        return node.isValueNode();
    }

    private static boolean isValueList(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isValueNode()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> values(JsonNode list) {
        Set<String> values = new LinkedHashSet<>();
        list.forEach(item -> values.add(item.isString() ? item.stringValue() : item.toString()));
        return values;
    }

    private static String quoted(JsonNode node) {
        if (node.isArray()) {
            return node.isEmpty() ? "none" : String.join(", ", values(node));
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    /** One list of rules: {@code noun} names a rule ("rule 3"), {@code key} the member that says where it applies. */
    private record Rules(String noun, String key) {

        void compare(List<JsonNode> from, List<JsonNode> to, List<String> changes) {
            // Equal rules by number, so that matching them costs integer comparisons.
            Map<JsonNode, Integer> ids = new HashMap<>();
            int[] a = from.stream().mapToInt(rule -> ids.computeIfAbsent(rule, r -> ids.size())).toArray();
            int[] b = to.stream().mapToInt(rule -> ids.computeIfAbsent(rule, r -> ids.size())).toArray();
            // The longest common subsequence of unchanged rules; what lies between is matched in gap().
            int[][] common = new int[a.length + 1][b.length + 1];
            for (int i = a.length - 1; i >= 0; i--) {
                for (int j = b.length - 1; j >= 0; j--) {
                    common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
                }
            }
            int i = 0;
            int j = 0;
            int gapA = 0;
            int gapB = 0;
            while (i < a.length || j < b.length) {
                if (i < a.length && j < b.length && a[i] == b[j]) {
                    gap(from, gapA, i, to, gapB, j, changes);
                    gapA = ++i;
                    gapB = ++j;
                } else if (i < a.length && (j == b.length || common[i + 1][j] >= common[i][j + 1])) {
                    i++;
                } else {
                    j++;
                }
            }
            gap(from, gapA, a.length, to, gapB, b.length, changes);
        }

        /** Old rules [fromA, endA) against new ones [fromB, endB): a pair sharing a path first, then by position. */
        private void gap(List<JsonNode> from, int fromA, int endA, List<JsonNode> to, int fromB, int endB, List<String> changes) {
            for (int i = fromA; i < endA; i++) {
                for (int j = fromB; j < endB; j++) {
                    if (shareAPlace(from.get(i), to.get(j))) {
                        byPosition(from, fromA, i, to, fromB, j, changes);
                        changed(j, from.get(i), to.get(j), changes);
                        gap(from, i + 1, endA, to, j + 1, endB, changes);
                        return;
                    }
                }
            }
            byPosition(from, fromA, endA, to, fromB, endB, changes);
        }

        private void byPosition(List<JsonNode> from, int fromA, int endA, List<JsonNode> to, int fromB, int endB,
                                List<String> changes) {
            int paired = Math.min(endA - fromA, endB - fromB);
            for (int k = 0; k < paired; k++) {
                changed(fromB + k, from.get(fromA + k), to.get(fromB + k), changes);
            }
            for (int i = fromA + paired; i < endA; i++) {
                changes.add(noun + " " + (i + 1) + " removed" + places(from.get(i)));
            }
            for (int j = fromB + paired; j < endB; j++) {
                changes.add(noun + " " + (j + 1) + " added" + places(to.get(j)));
            }
        }

        private boolean shareAPlace(JsonNode from, JsonNode to) {
            JsonNode old = from.get(key);
            JsonNode now = to.get(key);
            if (old == null || now == null || !old.isArray() || !now.isArray()) {
                return false;
            }
            Set<String> places = values(old);
            places.retainAll(values(now));
            return !places.isEmpty();
        }

        /** " (/usr, /etc, /srv, …)": where the rule applies, briefly. */
        private String places(JsonNode rule) {
            JsonNode places = rule.get(key);
            if (places == null || !places.isArray() || places.isEmpty()) {
                return "";
            }
            List<String> all = new ArrayList<>(values(places));
            String quoted = all.stream().limit(QUOTED).collect(Collectors.joining(", "));
            return " (" + quoted + (all.size() > QUOTED ? ", …" : "") + ")";
        }

        private void changed(int index, JsonNode from, JsonNode to, List<String> changes) {
            if (from.equals(to)) {
                return;
            }
            if (!from.isObject() || !to.isObject()) {
                changes.add(noun + " " + (index + 1) + " changed");
                return;
            }
            Set<String> names = new LinkedHashSet<>();
            names.add("allowedAccess");
            names.addAll(to.propertyNames());
            names.addAll(from.propertyNames());
            List<String> parts = new ArrayList<>();
            for (String name : names) {
                JsonNode old = from.get(name);
                JsonNode now = to.get(name);
                if (old == null ? now != null : !old.equals(now)) {
                    parts.add(name.equals("allowedAccess") && old != null && now != null ? member(null, old, now) : member(name, old, now));
                }
            }
            changes.add(noun + " " + (index + 1) + ": " + String.join("; ", parts));
        }
    }
}
