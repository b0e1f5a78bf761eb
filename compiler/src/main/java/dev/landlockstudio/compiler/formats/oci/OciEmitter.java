package dev.landlockstudio.compiler.formats.oci;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.formats.RuleGroups;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.Compatibility;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A config.json fragment, or a user's config.json, with {@code process.landlock} in one proposal's names.
 * noNewPrivileges is always set: the spec text requires it and runc's proof of concept skips Landlock without it.
 * Neither proposal has a place for the ABI, so it is kept as an annotation (config.json's own place for such
 * metadata, ignored by runtimes): importing the output gives back the ABI it was compiled for.
 */
public final class OciEmitter implements Emitter {

    /** The annotation that records the ABI the landlock object was compiled for, as a decimal string. */
    public static final String ABI_ANNOTATION = "dev.landlockstudio.landlock.abi";

    private final OciDialect dialect;

    public OciEmitter(OciDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public String emit(Ruleset ruleset, Context context) {
        ObjectNode config = context.mergeInto() == null ? Json.MAPPER.createObjectNode() : context.mergeInto().deepCopy();
        ObjectNode process = config.has("process") && config.get("process").isObject()
                ? (ObjectNode) config.get("process") : config.putObject("process");
        process.put("noNewPrivileges", true);
        process.remove("landlock");
        if (config.get("annotations") instanceof ObjectNode annotations) {
            annotations.remove(ABI_ANNOTATION);
        }
        if (ruleset.enforced()) {
            process.set("landlock", landlock(ruleset, context.compatibility()));
            ObjectNode annotations = config.get("annotations") instanceof ObjectNode a ? a : config.putObject("annotations");
            annotations.put(ABI_ANNOTATION, Integer.toString(ruleset.abi()));
        }
        return Json.write(config);
    }

    private ObjectNode landlock(Ruleset ruleset, Compatibility compatibility) {
        ObjectNode landlock = Json.MAPPER.createObjectNode();
        ObjectNode handled = landlock.putObject(dialect.handledKey());
        if (ruleset.handledAccessFs() != 0) {
            addNames(handled.putArray(dialect.fsKey()), AbiTable.names(RightKind.FS, ruleset.handledAccessFs()));
        }
        if (dialect.netKey() != null && ruleset.handledAccessNet() != 0) {
            addNames(handled.putArray(dialect.netKey()), netNames(ruleset.handledAccessNet()));
        }
        ObjectNode rules = Json.MAPPER.createObjectNode();
        if (!ruleset.pathBeneath().isEmpty()) {
            ArrayNode pathRules = rules.putArray("pathBeneath");
            RuleGroups.pathsByAccess(ruleset.pathBeneath()).forEach((access, paths) -> {
                ObjectNode rule = pathRules.addObject();
                addNames(rule.putArray("allowedAccess"), AbiTable.names(RightKind.FS, access));
                addNames(rule.putArray("paths"), paths);
            });
        }
        if (dialect.portRuleKey() != null && !ruleset.netPort().isEmpty()) {
            ArrayNode portRules = rules.putArray(dialect.portRuleKey());
            RuleGroups.portsByAccess(ruleset.netPort()).forEach((access, ports) -> {
                ObjectNode rule = portRules.addObject();
                addNames(rule.putArray("allowedAccess"), netNames(access));
                ArrayNode portArray = rule.putArray("ports");
                ports.forEach(portArray::add);
            });
        }
        if (!rules.isEmpty()) {
            landlock.set("rules", rules);
        }
        // Both drafts' defaults are disputed (landlock-facts.md §6), so the field is always written.
        boolean bestEffort = compatibility == Compatibility.BEST_EFFORT;
        landlock.put(dialect.bestEffortKey(), bestEffort == dialect.bestEffortWhen());
        return landlock;
    }

    private List<String> netNames(long mask) {
        return AbiTable.names(RightKind.NET, mask).stream().map(dialect::netName).toList();
    }

    private static void addNames(ArrayNode array, List<String> names) {
        names.forEach(array::add);
    }
}
