package dev.landlockstudio.compiler.formats.landrun;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.formats.ShellWords;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.IfMissing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * One landrun command line, ending with {@code --}: the command to confine is appended to it. Lowering has handled each
 * kind whole or not at all and cut every rule to whole grant sets, so a kind not handled is its --unrestricted-* flag
 * and a path's rights are the union of some path flags' sets. A ruleset not enforced is every kind unrestricted, which
 * landrun runs without a ruleset.
 */
public final class LandrunEmitter implements Emitter {

    /** The order flags are written in: the narrowest set first, as landrun's own examples read. */
    private static final List<String> PATH_FLAG_ORDER = List.of("--ro", "--rox", "--rw", "--rwx", LandrunSets.UNIX);

    @Override
    public String emit(Ruleset ruleset, Context context) {
        StringJoiner line = new StringJoiner(" ", "", " --\n").add(LandrunSets.COMMAND);
        if (context.compatibility() == Compatibility.BEST_EFFORT) {
            line.add(LandrunSets.BEST_EFFORT);
        }
        boolean enforced = ruleset.enforced();
        if (enforced && !ruleset.pathBeneath().isEmpty()
                && ruleset.pathBeneath().stream().allMatch(p -> p.ifMissing() == IfMissing.SKIP)) {
            line.add(LandrunSets.IGNORE_MISSING);
        }
        long[] handled = {ruleset.handledAccessFs(), ruleset.handledAccessNet(), ruleset.scoped()};
        List<RightKind> kinds = List.of(RightKind.FS, RightKind.NET, RightKind.SCOPE);
        for (int i = 0; i < kinds.size(); i++) {
            if (!enforced || handled[i] == 0) {
                line.add(LandrunSets.UNRESTRICTED.get(kinds.get(i)));
            }
        }
        if (!enforced) {
            return line.toString();
        }
        LandrunSets.LOG_FLAGS.forEach((flag, name) -> {
            if ((ruleset.restrictSelfFlags() & AbiTable.right(RightKind.RESTRICT_FLAG, name).orElseThrow().value()) != 0) {
                line.add(flag);
            }
        });
        pathsByFlag(ruleset).forEach((flag, paths) -> line.add(flag).add(ShellWords.quote(String.join(",", paths))));
        ports(line, ruleset, LandrunSets.BIND_TCP, "bind_tcp");
        ports(line, ruleset, LandrunSets.CONNECT_TCP, "connect_tcp");
        return line.toString();
    }

    /**
     * The flags each path needs, widest set first: a flag whose set (cut to what is handled, and to the file rights
     * for a rule with no directory right) the path's rights hold, and that adds a right no earlier flag gave.
     */
    private static Map<String, List<String>> pathsByFlag(Ruleset ruleset) {
        Map<String, List<String>> byFlag = new LinkedHashMap<>();
        PATH_FLAG_ORDER.forEach(flag -> byFlag.put(flag, new ArrayList<>()));
        for (Ruleset.PathBeneath rule : ruleset.pathBeneath()) {
            long rights = rule.allowedAccess();
            long scope = ruleset.handledAccessFs() & ((rights & ~AbiTable.fileRights()) == 0 ? AbiTable.fileRights() : -1L);
            long given = 0;
            for (Map.Entry<String, List<String>> grant : LandrunSets.GRANTS.entrySet()) {
                long set = AbiTable.bits(RightKind.FS, grant.getValue()) & scope;
                if (set != 0 && (rights & set) == set && (set & ~given) != 0) {
                    byFlag.get(grant.getKey()).add(rule.path());
                    given |= set;
                }
            }
        }
        byFlag.values().removeIf(List::isEmpty);
        return byFlag;
    }

    private static void ports(StringJoiner line, Ruleset ruleset, String flag, String right) {
        long bit = AbiTable.right(RightKind.NET, right).orElseThrow().value();
        String ports = ruleset.netPort().stream().filter(p -> (p.allowedAccess() & bit) != 0)
                .map(p -> String.valueOf(p.port())).collect(Collectors.joining(","));
        if (!ports.isEmpty()) {
            line.add(flag).add(ports);
        }
    }
}
