package dev.landlockstudio.web.api;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.InvalidDocumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reading a small request object field by field, each problem named by its JSON pointer. */
public final class JsonFields {

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

    public String text(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidDocumentException("/" + field, "must be a string");
        }
        return value.stringValue();
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

    /** A list of strings, empty when absent. */
    public List<String> strings(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidDocumentException("/" + field, "must be a list of strings");
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isString()) {
                throw new InvalidDocumentException("/" + field + "/" + i, "must be a string");
            }
            strings.add(value.get(i).stringValue());
        }
        return strings;
    }
}
