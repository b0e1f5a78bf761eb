package dev.landlockstudio.compiler.formats.landlockconfig;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.formats.RuleGroups;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * landlockconfig's JSON ({@link LandlockConfigToml} turns it into its TOML). Rights are written by name, never as groups: landlockconfig's abi.read_execute
 * grants refer where ours does not. Its schema has no document that handles nothing, so a ruleset that is
 * not enforced has no output.
 */
public final class LandlockConfigEmitter implements Emitter {

    @Override
    public String emit(Ruleset ruleset, Context context) {
        if (!ruleset.enforced()) {
            return null;
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("abi", ruleset.abi());
        ObjectNode handled = root.putArray("ruleset").addObject();
        addNames(handled, "handledAccessFs", RightKind.FS, ruleset.handledAccessFs());
        addNames(handled, "handledAccessNet", RightKind.NET, ruleset.handledAccessNet());
        addNames(handled, "scoped", RightKind.SCOPE, ruleset.scoped());
        if (!ruleset.pathBeneath().isEmpty()) {
            ArrayNode rules = root.putArray("pathBeneath");
            RuleGroups.pathsByAccess(ruleset.pathBeneath()).forEach((access, paths) -> {
                ObjectNode rule = rules.addObject();
                addNames(rule, "allowedAccess", RightKind.FS, access);
                ArrayNode parents = rule.putArray("parent");
                // landlockconfig reads $ as the start of a variable and $$ as one $.
                paths.forEach(path -> parents.add(path.replace("$", "$$")));
            });
        }
        if (!ruleset.netPort().isEmpty()) {
            ArrayNode rules = root.putArray("netPort");
            RuleGroups.portsByAccess(ruleset.netPort()).forEach((access, ports) -> {
                ObjectNode rule = rules.addObject();
                addNames(rule, "allowedAccess", RightKind.NET, access);
                ArrayNode portArray = rule.putArray("port");
                ports.forEach(portArray::add);
            });
        }
        return Json.write(root);
    }

    /** landlockconfig refuses empty arrays, so an empty set is left out. */
    private static void addNames(ObjectNode node, String key, RightKind kind, long mask) {
        if (mask != 0) {
            ArrayNode array = node.putArray(key);
            AbiTable.names(kind, mask).forEach(array::add);
        }
    }
}
