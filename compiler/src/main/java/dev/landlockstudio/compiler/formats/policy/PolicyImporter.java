package dev.landlockstudio.compiler.formats.policy;

import dev.landlockstudio.compiler.formats.FormatMarks;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.policy.PolicyReader;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The policy document itself (a download, a file kept in a repository): checked as written, under the name given. */
public final class PolicyImporter implements Importer {

    /** Keys only a policy has at its top level. */
    private static final List<String> OWN_KEYS = List.of("name", "description", "compatibility", "handledAccessFs",
            "handledAccessNet", "scoped", "quietAccessFs", "quietAccessNet", "quietScoped", "restrictSelf");
    /** Top-level keys of the other formats, which a policy never has. */
    private static final List<String> OTHER_KEYS = List.of("process", "forbidden_access", "exceptions", "variable",
            "ruleset", "rulesetAttr", "enforced");

    @Override
    public String mismatch(JsonNode document) {
        if (!document.isObject()) {
            return "not a JSON object";
        }
        JsonNode schema = document.get("$schema");
        if (schema != null && schema.isString() && schema.stringValue().endsWith("/" + PolicyReader.SCHEMA)) {
            return null;
        }
        String other = FormatMarks.firstKey(document, OTHER_KEYS);
        if (other != null) {
            return "it has the key \"" + other + "\", which a policy does not";
        }
        if (FormatMarks.firstKey(document, OWN_KEYS) != null || FormatMarks.someItemHas(document.get("pathBeneath"), "paths")
                || FormatMarks.someItemHas(document.get("netPort"), "ports")) {
            return null;
        }
        return "no $schema, name or handled list, and no pathBeneath rule with paths";
    }

    @Override
    public Imported read(JsonNode document, String name) {
        JsonNode named = document;
        if (document instanceof ObjectNode object) {
            named = object.deepCopy().put("name", name);
        }
        return new Imported(PolicyReader.read(named).document(), List.of());
    }
}
