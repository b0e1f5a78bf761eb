package dev.landlockstudio.compiler.target.nativeformat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.target.Emitter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The numeric ruleset (native.schema.json): the kernel's bit masks, one entry per landlock_add_rule call. */
public final class NativeEmitter implements Emitter {

    @Override
    public String emit(Ruleset ruleset, Context context) {
        return Json.write(toJson(ruleset));
    }

    public static ObjectNode toJson(Ruleset ruleset) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("abi", ruleset.abi());
        root.put("enforced", ruleset.enforced());
        ObjectNode attr = root.putObject("rulesetAttr");
        attr.put("handledAccessFs", ruleset.handledAccessFs());
        attr.put("handledAccessNet", ruleset.handledAccessNet());
        attr.put("scoped", ruleset.scoped());
        if (ruleset.attrSize() == AbiTable.ATTR_SIZE_QUIET) {
            attr.put("quietAccessFs", ruleset.quietAccessFs());
            attr.put("quietAccessNet", ruleset.quietAccessNet());
            attr.put("quietScoped", ruleset.quietScoped());
        }
        attr.put("size", ruleset.attrSize());
        ArrayNode paths = root.putArray("pathBeneath");
        for (Ruleset.PathBeneath rule : ruleset.pathBeneath()) {
            ObjectNode entry = paths.addObject();
            entry.put("path", rule.path());
            entry.put("allowedAccess", rule.allowedAccess());
            entry.put("ifMissing", rule.ifMissing().documentName());
            if (rule.quiet()) {
                entry.put("quiet", true);
            }
        }
        ArrayNode ports = root.putArray("netPort");
        for (Ruleset.NetPort rule : ruleset.netPort()) {
            ObjectNode entry = ports.addObject();
            entry.put("port", rule.port());
            entry.put("allowedAccess", rule.allowedAccess());
            if (rule.quiet()) {
                entry.put("quiet", true);
            }
        }
        root.put("restrictSelfFlags", ruleset.restrictSelfFlags());
        return root;
    }
}
