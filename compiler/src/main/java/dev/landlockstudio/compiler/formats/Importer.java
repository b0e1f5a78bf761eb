package dev.landlockstudio.compiler.formats;

import dev.landlockstudio.compiler.policy.Policy;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads another tool's format back into a policy document. */
public interface Importer {

    /** The policy, and what the reader should know about the translation (defaults taken, fields ignored by design). */
    record Imported(Policy policy, List<String> notes) {
    }

    /**
     * @param name the name to give the policy
     * @throws dev.landlockstudio.compiler.problem.InvalidDocumentException with pointers into {@code document}
     */
    Imported read(JsonNode document, String name);
}
