package dev.landlockstudio.compiler.explain;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The document's rules behind the evaluator's grants. The lowered ruleset merges the rules on one path (one
 * landlock_add_rule per inode), so a grant names the path as written; the rules are those that list the path (or the
 * port) and grant the right.
 */
public final class GrantingRules {

    private static final String PORT = "port ";

    private final Map<String, List<ResolvedPolicy.PathRule>> byPath = new HashMap<>();
    private final Map<Integer, List<ResolvedPolicy.PortRule>> byPort = new HashMap<>();

    public GrantingRules(ResolvedPolicy policy) {
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            rule.paths().forEach(path -> byPath.computeIfAbsent(path, p -> new ArrayList<>(1)).add(rule));
        }
        for (ResolvedPolicy.PortRule rule : policy.portRules()) {
            rule.ports().forEach(port -> byPort.computeIfAbsent(port, p -> new ArrayList<>(1)).add(rule));
        }
    }

    /** The pointers of the rules that grant {@code grant}, in document order. */
    public List<String> of(Decision.Grant grant) {
        List<String> pointers = new ArrayList<>(1);
        if (grant.rule().startsWith(PORT)) {
            long bit = bit(RightKind.NET, grant.right());
            for (ResolvedPolicy.PortRule rule : byPort.getOrDefault(Integer.parseInt(grant.rule().substring(PORT.length())), List.of())) {
                if ((rule.allowed().mask() & bit) != 0) {
                    pointers.add(rule.pointer());
                }
            }
            return pointers;
        }
        long bit = bit(RightKind.FS, grant.right());
        for (ResolvedPolicy.PathRule rule : byPath.getOrDefault(grant.rule(), List.of())) {
            if ((rule.allowed().mask() & bit) != 0) {
                pointers.add(rule.pointer());
            }
        }
        return pointers;
    }

    /** The rules behind every grant of a decision's trace, each once, in the order the trace names them. */
    public List<String> of(Decision decision) {
        List<String> pointers = new ArrayList<>();
        for (Decision.Check check : decision.checks()) {
            for (Decision.LayerCheck layer : check.layers()) {
                for (Decision.Grant grant : layer.grants()) {
                    of(grant).stream().filter(p -> !pointers.contains(p)).forEach(pointers::add);
                }
            }
        }
        return pointers;
    }

    private static long bit(RightKind kind, String name) {
        return AbiTable.right(kind, name).orElseThrow().value();
    }
}
