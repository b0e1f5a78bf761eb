package dev.landlockstudio.compiler.formats.golandlock;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.formats.RuleGroups;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.Compatibility;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON read by go-landlock's examples/go-landlock-configurable: forbidden_access is the handled fs set,
 * each exception one path-beneath rule. An empty forbidden_access makes go-landlock install no ruleset,
 * which is how "apply nothing" is said.
 */
public final class GoLandlockEmitter implements Emitter {

    @Override
    public String emit(Ruleset ruleset, Context context) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode forbidden = root.putArray("forbidden_access");
        AbiTable.names(RightKind.FS, ruleset.handledAccessFs()).forEach(forbidden::add);
        ArrayNode exceptions = root.putArray("exceptions");
        RuleGroups.pathsByAccess(ruleset.pathBeneath()).forEach((access, paths) -> {
            ObjectNode exception = exceptions.addObject();
            ArrayNode pathArray = exception.putArray("paths");
            paths.forEach(pathArray::add);
            ArrayNode permitted = exception.putArray("permitted_access");
            AbiTable.names(RightKind.FS, access).forEach(permitted::add);
        });
        root.put("best_effort", context.compatibility() == Compatibility.BEST_EFFORT);
        return Json.write(root);
    }
}
