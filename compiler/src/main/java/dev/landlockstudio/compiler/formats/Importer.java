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
     * Whether {@code document} carries this format's marks (its own top-level keys), looked at without reading it:
     * null when it does, else why not, in a few words ("no process.landlock object"). Detection picks the format
     * whose marks a file has; reading it then checks everything.
     */
    String mismatch(JsonNode document);

    /**
     * @param name the name to give the policy
     * @throws dev.landlockstudio.compiler.problem.InvalidDocumentException with pointers into {@code document}
     */
    Imported read(JsonNode document, String name);
}
