package dev.landlockstudio.compiler.policy;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.json.JsonSchemas;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import java.util.List;
import tools.jackson.core.JacksonException;
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
        Policy bound = bindStrictly(text);
        if (bound != null && SchemaShape.holds(bound)) {
            return new ReadPolicy(bound, PolicyResolver.resolve(bound));
        }
        // Something does not conform: the schema validator finds every problem and says where.
        return read(Json.parse(text));
    }

    /**
     * The document bound straight from text, with nothing coerced and no explicit null, or null when it does
     * not bind. Conforming documents, the common case, are never walked by the generic schema validator.
     */
    static Policy bindStrictly(String text) {
        if (Json.mayContainNull(text)) {
            return null;
        }
        try {
            return Json.STRICT_MAPPER.readValue(text, Policy.class);
        } catch (JacksonException e) {
            return null;
        }
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
        if (!SchemaShape.holds(policy)) {
            throw new IllegalStateException("policy.schema.json accepted what SchemaShape refuses: " + tree);
        }
        return new ReadPolicy(policy, PolicyResolver.resolve(policy));
    }

    /** Checks a document built in code (an import, an edit) the same way a written one is checked. */
    public static ReadPolicy check(Policy policy) {
        return read(Json.MAPPER.valueToTree(policy));
    }
}
