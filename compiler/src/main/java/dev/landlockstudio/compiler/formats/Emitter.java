package dev.landlockstudio.compiler.formats;

import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.Compatibility;
import tools.jackson.databind.node.ObjectNode;

/** Writes a lowered ruleset in one target's format. Output is deterministic: the same ruleset gives the same bytes. */
public interface Emitter {

    /**
     * @param mergeInto      an existing document to write into (OCI config.json), or null for a fresh one
     * @param launcherSource oci-launcher: the launcher's host path, as config.json's mount source
     * @param select         podlock: the CONTAINER/BINARY to write the profile for, or null for the policy's name
     */
    record Context(String policyName, Compatibility compatibility, ObjectNode mergeInto, String launcherSource, String select) {
    }

    /** The output, or null when the format has no document that applies nothing and the ruleset is not enforced. */
    String emit(Ruleset ruleset, Context context);
}
