package dev.landlockstudio.compiler.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.landlockstudio.compiler.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** Validates documents against the schemas shipped in the schemas module, with messages that say what to change. */
public final class JsonSchemas {

    /** The $id prefix of every schema we publish; it maps to the classpath, so nothing is fetched. */
    public static final String ID_PREFIX = "https://landlockstudio.dev/schemas/";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaIdResolvers(r -> r.mapPrefix(ID_PREFIX, "classpath:schemas/")));
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    /** Problems of {@code document} against schema {@code fileName} (e.g. "policy.schema.json"), in document order. */
    public static List<Problem> validate(String fileName, JsonNode document) {
        Schema schema = LOADED.computeIfAbsent(fileName, f -> REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + f)));
        List<Problem> problems = new ArrayList<>();
        // The validator's range checks fail on numbers beyond 64 bits (1e19, 1e300): those are refused first.
        hugeNumbers(document, "", problems);
        if (!problems.isEmpty()) {
            return problems;
        }
        for (Error error : schema.validate(document)) {
            problems.add(describe(error));
        }
        return problems;
    }

    private static void hugeNumbers(JsonNode node, String pointer, List<Problem> problems) {
        boolean huge = node.isNumber() && (node.isIntegralNumber() ? !node.canConvertToLong()
                : !(Math.abs(node.doubleValue()) < 0x1p63));
        if (huge) {
            problems.add(new Problem(pointer, node + " is out of range: every number in these documents is a small"
                    + " integer (see the field's minimum and maximum in the schema)"));
        } else if (node.isObject()) {
            for (String key : node.propertyNames()) {
                hugeNumbers(node.get(key), pointer + "/" + key.replace("~", "~0").replace("/", "~1"), problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                hugeNumbers(node.get(i), pointer + "/" + i, problems);
            }
        }
    }

    private static Problem describe(Error error) {
        String pointer = error.getInstanceLocation().toString();
        JsonNode value = error.getInstanceNode();
        String message = switch (error.getKeyword()) {
            case "additionalProperties" -> "unknown key \"" + error.getProperty() + "\": remove it or check its spelling";
            case "required" -> "missing required key \"" + error.getProperty() + "\"";
            case "enum" -> enumMessage(value, error);
            case "type" -> "expected " + expectedType(error) + ", found " + describeValue(value);
            case "minimum", "maximum" -> value + " is out of range: " + error.getMessage();
            case "minItems" -> "must not be empty";
            case "pattern" -> describeValue(value) + " is not allowed here: " + patternMessage(error);
            default -> error.getMessage();
        };
        return new Problem(pointer, message);
    }

    /** What the schemas' patterns ask for, in words. */
    private static final Map<String, String> PATTERNS = Map.of(
            "^/", "use an absolute path (one that starts with /)",
            "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", "use 1 to 64 letters, digits, '.', '_' and '-', starting with a letter or digit");

    private static String patternMessage(Error error) {
        Object[] args = error.getArguments();
        String pattern = args != null && args.length > 0 ? String.valueOf(args[0]) : "";
        return PATTERNS.getOrDefault(pattern, error.getMessage());
    }

    private static String enumMessage(JsonNode value, Error error) {
        Object[] args = error.getArguments();
        String allowed = args != null && args.length > 0 ? String.valueOf(args[args.length - 1]) : "";
        List<String> names = List.of(allowed.replaceAll("[\\[\\]\" ]", "").split(","));
        String suggestion = value != null && value.isString() ? closest(value.stringValue(), names) : null;
        return describeValue(value) + " is not a known name here"
                + (suggestion == null ? "" : " (did you mean \"" + suggestion + "\"?)")
                + "; expected one of " + String.join(", ", names);
    }

    /** The known name within two edits of {@code written}, if there is exactly one nearest. */
    private static String closest(String written, List<String> names) {
        String best = null;
        int bestDistance = 3;
        for (String name : names) {
            int d = editDistance(written, name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String expectedType(Error error) {
        Object[] args = error.getArguments();
        return args != null && args.length > 1 ? "a value of type " + args[1] : "another type";
    }

    private static String describeValue(JsonNode value) {
        if (value == null) {
            return "nothing";
        }
        if (value.isString()) {
            return "\"" + value.stringValue() + "\"";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        return value.toString();
    }

}
