package dev.landlockstudio.compiler.report;

import dev.landlockstudio.compiler.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** RFC 6902 add, remove and replace, as the editor applies a fix; the audit command applies its fixes with it. */
public final class JsonPatch {

    private JsonPatch() {
    }

    public static String apply(String document, Fix fix) {
        JsonNode root = Json.parse(document);
        for (Fix.Operation op : fix.patch()) {
            List<String> tokens = tokens(op.path());
            JsonNode parent = root;
            for (String token : tokens.subList(0, tokens.size() - 1)) {
                parent = parent.isArray() ? parent.get(Integer.parseInt(token)) : parent.get(token);
            }
            String last = tokens.get(tokens.size() - 1);
            JsonNode value = op.value() == null ? null : Json.MAPPER.valueToTree(op.value());
            if (parent instanceof ObjectNode object) {
                if (!op.op().equals("add") && !object.has(last)) {
                    throw new IllegalArgumentException(op.op() + " of a missing member " + op.path());
                }
                if (op.op().equals("remove")) {
                    object.remove(last);
                } else {
                    object.set(last, value);
                }
            } else if (parent instanceof ArrayNode array) {
                int index = last.equals("-") ? array.size() : Integer.parseInt(last);
                switch (op.op()) {
                    case "add" -> array.insert(index, value);
                    case "remove" -> array.remove(index);
                    case "replace" -> array.set(index, value);
                    default -> throw new IllegalArgumentException(op.op());
                }
            } else {
                throw new IllegalArgumentException("no container at " + op.path());
            }
        }
        return Json.write(root);
    }

    private static List<String> tokens(String pointer) {
        List<String> tokens = new ArrayList<>();
        for (String token : pointer.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }
}
