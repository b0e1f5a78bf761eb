package dev.landlockstudio.compiler.policy;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.json.JsonSchemas;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads a policy document: JSON syntax, then the schema, then what the policy means. */
public final class PolicyReader {

    public static final String SCHEMA = "policy.schema.json";

    private PolicyReader() {
    }

    /** A document and its meaning. */
    public record ReadPolicy(Policy document, ResolvedPolicy resolved) {
    }

    /** Reads {@code text}, or throws {@link InvalidDocumentException} listing every problem with its pointer. */
    public static ReadPolicy read(String text) {
        return read(Json.parse(text));
    }

    public static ReadPolicy read(JsonNode tree) {
        if (!tree.isObject()) {
            throw new InvalidDocumentException("", "a policy is a JSON object, found " + tree.getNodeType().name().toLowerCase());
        }
        List<Problem> problems = JsonSchemas.validate(SCHEMA, tree);
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems);
        }
        Policy policy = Json.MAPPER.treeToValue(tree, Policy.class);
        return new ReadPolicy(policy, PolicyResolver.resolve(policy));
    }

    /** Checks a document built in code (an import, an edit) the same way a written one is checked. */
    public static ReadPolicy check(Policy policy) {
        return read(Json.MAPPER.valueToTree(policy));
    }
}
