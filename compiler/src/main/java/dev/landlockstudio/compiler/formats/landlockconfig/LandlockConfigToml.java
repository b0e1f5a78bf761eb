package dev.landlockstudio.compiler.formats.landlockconfig;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Writes a landlockconfig JSON document as landlockconfig's TOML: the same schema with snake_case keys, each
 * ruleset and rule an array-of-tables entry, as landlockconfig's own examples are written.
 */
public final class LandlockConfigToml {

    private static final Map<String, String> TABLES = Map.of("ruleset", "ruleset", "pathBeneath", "path_beneath",
            "netPort", "net_port");
    private static final Map<String, String> KEYS = Map.of("handledAccessFs", "handled_access_fs",
            "handledAccessNet", "handled_access_net", "allowedAccess", "allowed_access");

    private LandlockConfigToml() {
    }

    /** @param json a landlockconfig JSON document, as {@link LandlockConfigEmitter} writes it */
    public static String write(JsonNode json) {
        StringBuilder toml = new StringBuilder();
        if (json.has("abi")) {
            toml.append("abi = ").append(json.get("abi").asLong()).append('\n');
        }
        for (String table : List.of("ruleset", "pathBeneath", "netPort")) {
            for (JsonNode entry : json.path(table)) {
                toml.append("\n[[").append(TABLES.get(table)).append("]]\n");
                for (String key : entry.propertyNames()) {
                    toml.append(KEYS.getOrDefault(key, key)).append(" = ").append(value(entry.get(key))).append('\n');
                }
            }
        }
        return toml.toString();
    }

    private static String value(JsonNode node) {
        if (node.isArray()) {
            StringBuilder array = new StringBuilder("[");
            for (int i = 0; i < node.size(); i++) {
                array.append(i == 0 ? "" : ", ").append(value(node.get(i)));
            }
            return array.append(']').toString();
        }
        return node.isString() ? string(node.stringValue()) : node.asString();
    }

    /** A TOML basic string: quote, backslash and control characters escaped. */
    private static String string(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\u%04X", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
