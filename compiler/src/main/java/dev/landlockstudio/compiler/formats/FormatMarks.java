package dev.landlockstudio.compiler.formats;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** The small structural tests the importers' {@link Importer#mismatch} are made of. */
public final class FormatMarks {

    private FormatMarks() {
    }

    /** The first of {@code keys} that {@code object} has, or null. */
    public static String firstKey(JsonNode object, List<String> keys) {
        return keys.stream().filter(object::has).findFirst().orElse(null);
    }

    /** The first key of {@code object} outside {@code keys}, or null. */
    public static String firstKeyOutside(JsonNode object, List<String> keys) {
        return object.propertyNames().stream().filter(k -> !keys.contains(k)).findFirst().orElse(null);
    }

    /** Whether {@code node} is an array with an object that has {@code key}. */
    public static boolean someItemHas(JsonNode node, String key) {
        if (node == null || !node.isArray()) {
            return false;
        }
        for (JsonNode item : node) {
            if (item.isObject() && item.has(key)) {
                return true;
            }
        }
        return false;
    }
}
