package dev.landlockstudio.compiler.formats.nativeformat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import tools.jackson.core.JsonGenerator;

/**
 * The numeric ruleset (native.schema.json): the kernel's bit masks, one entry per landlock_add_rule call. Written
 * straight to a generator: this is the output the enforcer and CI fetch most.
 */
public final class NativeEmitter implements Emitter {

    @Override
    public String emit(Ruleset ruleset, Context context) {
        return Json.stream(g -> {
            g.writeStartObject();
            g.writeNumberProperty("abi", ruleset.abi());
            g.writeBooleanProperty("enforced", ruleset.enforced());
            g.writeObjectPropertyStart("rulesetAttr");
            g.writeNumberProperty("handledAccessFs", ruleset.handledAccessFs());
            g.writeNumberProperty("handledAccessNet", ruleset.handledAccessNet());
            g.writeNumberProperty("scoped", ruleset.scoped());
            if (ruleset.attrSize() == AbiTable.ATTR_SIZE_QUIET) {
                g.writeNumberProperty("quietAccessFs", ruleset.quietAccessFs());
                g.writeNumberProperty("quietAccessNet", ruleset.quietAccessNet());
                g.writeNumberProperty("quietScoped", ruleset.quietScoped());
            }
            g.writeNumberProperty("size", ruleset.attrSize());
            g.writeEndObject();
            g.writeArrayPropertyStart("pathBeneath");
            for (Ruleset.PathBeneath rule : ruleset.pathBeneath()) {
                g.writeStartObject();
                g.writeStringProperty("path", rule.path());
                g.writeNumberProperty("allowedAccess", rule.allowedAccess());
                g.writeStringProperty("ifMissing", rule.ifMissing().documentName());
                if (rule.quiet()) {
                    g.writeBooleanProperty("quiet", true);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayPropertyStart("netPort");
            for (Ruleset.NetPort rule : ruleset.netPort()) {
                g.writeStartObject();
                g.writeNumberProperty("port", rule.port());
                g.writeNumberProperty("allowedAccess", rule.allowedAccess());
                if (rule.quiet()) {
                    g.writeBooleanProperty("quiet", true);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberProperty("restrictSelfFlags", ruleset.restrictSelfFlags());
            g.writeEndObject();
        });
    }
}
