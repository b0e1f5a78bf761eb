package dev.landlockstudio.compiler.formats;

import dev.landlockstudio.compiler.lowering.Ruleset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups one-path and one-port kernel rules back into the many-paths rules the JSON formats write,
 * in order of first appearance, so their outputs stay short and stable.
 */
public final class RuleGroups {

    private RuleGroups() {
    }

    public static Map<Long, List<String>> pathsByAccess(List<Ruleset.PathBeneath> rules) {
        Map<Long, List<String>> groups = new LinkedHashMap<>();
        for (Ruleset.PathBeneath rule : rules) {
            groups.computeIfAbsent(rule.allowedAccess(), a -> new ArrayList<>()).add(rule.path());
        }
        return groups;
    }

    public static Map<Long, List<Integer>> portsByAccess(List<Ruleset.NetPort> rules) {
        Map<Long, List<Integer>> groups = new LinkedHashMap<>();
        for (Ruleset.NetPort rule : rules) {
            groups.computeIfAbsent(rule.allowedAccess(), a -> new ArrayList<>()).add(rule.port());
        }
        return groups;
    }
}
