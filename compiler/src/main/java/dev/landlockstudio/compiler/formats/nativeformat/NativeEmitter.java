package dev.landlockstudio.compiler.formats.nativeformat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.formats.StackEmitter;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.json.IndentedJsonWriter;
import dev.landlockstudio.compiler.lowering.Ruleset;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The numeric ruleset (native.schema.json): the kernel's bit masks, one entry per landlock_add_rule call. Written
 * straight to text: this is the output the enforcer and CI fetch most, and the largest a compile writes.
 */
public final class NativeEmitter implements StackEmitter {

    /**
     * The stack as native-layers.schema.json: each layer's ruleset as {@link #emit} writes it, under the name of its
     * policy, in the order they are applied.
     */
    @Override
    public String emitStack(RulesetStack stack, Context context) {
        ObjectNode document = Json.MAPPER.createObjectNode();
        ArrayNode layers = document.putArray("layers");
        for (RulesetStack.Layer layer : stack.layers()) {
            ObjectNode entry = layers.addObject();
            entry.put("name", layer.name());
            entry.set("ruleset", Json.parse(emit(layer.ruleset(), context)));
        }
        return Json.write(document);
    }

    @Override
    public String emit(Ruleset ruleset, Context context) {
        IndentedJsonWriter out = new IndentedJsonWriter(
                512 + 128 * ruleset.pathBeneath().size() + 80 * ruleset.netPort().size());
        out.startObject()
                .number("abi", ruleset.abi())
                .bool("enforced", ruleset.enforced())
                .startObject("rulesetAttr")
                .number("handledAccessFs", ruleset.handledAccessFs())
                .number("handledAccessNet", ruleset.handledAccessNet())
                .number("scoped", ruleset.scoped());
        if (ruleset.attrSize() == AbiTable.ATTR_SIZE_QUIET) {
            out.number("quietAccessFs", ruleset.quietAccessFs())
                    .number("quietAccessNet", ruleset.quietAccessNet())
                    .number("quietScoped", ruleset.quietScoped());
        }
        out.number("size", ruleset.attrSize()).endObject();
        out.startArray("pathBeneath");
        for (Ruleset.PathBeneath rule : ruleset.pathBeneath()) {
            out.startObject()
                    .string("path", rule.path())
                    .number("allowedAccess", rule.allowedAccess())
                    .string("ifMissing", rule.ifMissing().documentName());
            if (rule.quiet()) {
                out.bool("quiet", true);
            }
            out.endObject();
        }
        out.endArray();
        out.startArray("netPort");
        for (Ruleset.NetPort rule : ruleset.netPort()) {
            out.startObject()
                    .number("port", rule.port())
                    .number("allowedAccess", rule.allowedAccess());
            if (rule.quiet()) {
                out.bool("quiet", true);
            }
            out.endObject();
        }
        out.endArray();
        return out.number("restrictSelfFlags", ruleset.restrictSelfFlags()).endObject().finish();
    }
}
