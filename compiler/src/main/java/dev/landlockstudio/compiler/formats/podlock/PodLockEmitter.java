package dev.landlockstudio.compiler.formats.podlock;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.lowering.Ruleset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A LandlockProfile for one container and binary: the selected ones, or the policy's name. Lowering has cut every
 * rule to a union of PodLock's grant sets, and those sets are closed under union (each one holds the narrower ones), so
 * every path goes in exactly one list: the widest whose set the rule holds, as PodLock wants each path in one list. A
 * ruleset not enforced is a profile naming no container, which PodLock applies to nothing.
 */
public final class PodLockEmitter implements Emitter {

    /** The lists from the widest set to the narrowest. */
    private static final List<String> WIDEST_FIRST = List.of("readWriteExec", "readWrite", "readExec", "readOnly");

    @Override
    public String emit(Ruleset ruleset, Context context) {
        PodLockSelection selection = context.select() != null ? PodLockSelection.parse(context.select())
                : PodLockSelection.fromPolicyName(context.policyName());
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        profile.put("apiVersion", PodLockSets.API_VERSION);
        profile.put("kind", PodLockSets.KIND);
        profile.putObject("metadata").put("name", PodLockSelection.fromPolicyName(context.policyName()).container());
        ObjectNode containers = profile.putObject("spec").putObject("profilesByContainer");
        String header;
        if (ruleset.enforced()) {
            ObjectNode lists = containers.putObject(selection.container()).putObject(selection.binary());
            Map<String, List<String>> byList = new LinkedHashMap<>();
            PodLockSets.GRANTS.keySet().forEach(list -> byList.put(list, new ArrayList<>()));
            for (Ruleset.PathBeneath rule : ruleset.pathBeneath()) {
                byList.get(list(rule.allowedAccess(), ruleset.handledAccessFs())).add(rule.path());
            }
            byList.forEach((list, paths) -> {
                if (!paths.isEmpty()) {
                    paths.forEach(lists.putArray(list)::add);
                }
            });
            header = "# container " + selection.container() + ", binary " + selection.binary()
                    + (context.select() == null ? " (from the policy's name; choose them with --select CONTAINER/BINARY)" : "")
                    + "\n# PodLock also lets the binary execute and read its own copy, and skips paths it cannot stat.\n";
        } else {
            header = "# nothing is enforced: this profile names no container, so PodLock confines none.\n";
        }
        String yaml = PodLockYaml.write(profile);
        return header + yaml + (yaml.endsWith("\n") ? "" : "\n");
    }

    /** The widest list whose set, cut to what is handled and to the file rights for a rule with none other, the rule holds. */
    private static String list(long rights, long handled) {
        long scope = handled & ((rights & ~AbiTable.fileRights()) == 0 ? AbiTable.fileRights() : -1L);
        for (String list : WIDEST_FIRST) {
            long set = AbiTable.bits(RightKind.FS, PodLockSets.GRANTS.get(list)) & scope;
            if (set != 0 && (rights & set) == set) {
                return list;
            }
        }
        throw new IllegalStateException("lowering leaves only unions of PodLock's sets, not " + rights);
    }
}
