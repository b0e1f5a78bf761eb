package dev.landlockstudio.web.api;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reading a small request object field by field, each problem named by its JSON pointer. */
public final class JsonFields {

    /** The longest path a request may name: the kernel's PATH_MAX, less its final NUL. */
    public static final int PATH_MAX = 4095;

    private final JsonNode object;

    private JsonFields(JsonNode object) {
        this.object = object;
    }

    /** The request as an object with only {@code known} keys. */
    public static JsonFields of(String body, Set<String> known, String example) {
        JsonNode node = Json.parse(body);
        if (!node.isObject()) {
            throw new InvalidDocumentException("", "send an object, such as " + example);
        }
        for (String field : node.propertyNames()) {
            if (!known.contains(field)) {
                throw new InvalidDocumentException("", "unknown key \"" + field + "\"; expected " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return new JsonFields(node);
    }

    public JsonNode node(String field) {
        return object.get(field);
    }

    /** A string of at most {@code max} characters, or null when absent. */
    public String text(String field, int max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return string(value, "/" + field, max);
    }

    private static String string(JsonNode value, String pointer, int max) {
        if (!value.isString()) {
            throw new InvalidDocumentException(pointer, "must be a string");
        }
        String text = value.stringValue();
        if (text.codePointCount(0, text.length()) > max) {
            throw new InvalidDocumentException(pointer, "must be at most " + max + " characters long");
        }
        return text;
    }

    public Integer integer(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidDocumentException("/" + field, "must be an integer");
        }
        return value.asInt();
    }

    /** A list of at most {@code maxItems} strings of at most {@code maxLength} characters each, empty when absent. */
    public List<String> strings(String field, int maxItems, int maxLength) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidDocumentException("/" + field, "must be a list of strings");
        }
        if (value.size() > maxItems) {
            throw new InvalidDocumentException("/" + field, "must have at most " + maxItems + " items");
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            strings.add(string(value.get(i), "/" + field + "/" + i, maxLength));
        }
        return strings;
    }
}
