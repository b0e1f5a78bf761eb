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

    /**
     * As {@link #read(JsonNode, String)}, with {@code base} the directory the file's relative paths are taken from
     * (null: none, and a relative path stays a problem); formats without relative paths ignore it.
     */
    default Imported read(JsonNode document, String name, java.nio.file.Path base) {
        return read(document, name);
    }
}
