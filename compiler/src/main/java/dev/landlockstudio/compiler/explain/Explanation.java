package dev.landlockstudio.compiler.explain;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessGroup;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.except.Excepts;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the kernel decides for one access under a policy, and the decision in plain words: what each layer handles,
 * which rule granted what, and what nothing grants.
 *
 * @param decidedBy the pointers of the document's rules whose rights allowed the access; empty when it is denied or
 *                  when no rule was needed (nothing handles it)
 */
public record Explanation(Decision decision, List<String> lines, List<String> decidedBy) {

    /**
     * The policy compiled for a kernel at {@code abi} and the request decided under it, as {@code view} describes the
     * paths; empty when the policy is a hard requirement that ABI cannot meet.
     */
    public static Optional<Explanation> of(ResolvedPolicy policy, int abi, FsView view, AccessRequest request) {
        return of(PolicyStack.of(policy), abi, view, request);
    }

    /**
     * As {@link #of(ResolvedPolicy, int, FsView, AccessRequest)} for a stack: each layer compiled on its own and applied
     * in order, the lines naming the layer that decided. Empty when any layer is a hard requirement that ABI cannot meet.
     * The rules in {@code decidedBy} of a base are written "name#pointer".
     */
    public static Optional<Explanation> of(PolicyStack stack, int abi, FsView view, AccessRequest request) {
        RulesetStack.Lowered lowered = RulesetStack.lower(stack, abi, Target.NATIVE.vocabulary(), view);
        if (lowered.refused()) {
            return Optional.empty();
        }
        Decision decision = new Evaluator(lowered.rulesets(), view).decide(request);
        List<Ruleset> layers = lowered.rulesets().enforcedLayers().stream().map(RulesetStack.Layer::ruleset).toList();
        long asked = stack.layers().stream().mapToLong(l -> l.policy().handled(request.operation().kind()).mask())
                .reduce(0, (a, b) -> a | b);
        List<String> lines = new ArrayList<>(words(request, decision, layers, asked));
        lines.addAll(lines.size() - 1, exceptNotes(stack, view, decision));
        return Optional.of(new Explanation(decision, List.copyOf(lines),
                decision.allowed() ? decidedBy(stack, decision) : List.of()));
    }

    /** What the excepts of each layer mean for the paths the decision looked at; a base's say its name. */
    private static List<String> exceptNotes(PolicyStack stack, FsView view, Decision decision) {
        List<String> notes = new ArrayList<>();
        for (PolicyStack.Layer layer : stack.layers()) {
            ResolvedPolicy policy = layer.policy();
            if (!policy.hasExcepts()) {
                continue;
            }
            String prefix = layer.via().isEmpty() ? "" : "base " + layer.name() + ": ";
            decision.checks().stream().map(Decision.Check::on).filter(Objects::nonNull).distinct()
                    .flatMap(on -> Excepts.note(policy, view, on).stream()).map(note -> prefix + note + ".")
                    .filter(note -> !notes.contains(note)).forEach(notes::add);
        }
        return notes;
    }

    /** The rules behind the decision's grants; a base's are prefixed with its name and '#'. */
    private static List<String> decidedBy(PolicyStack stack, Decision decision) {
        if (!stack.layered()) {
            return new GrantingRules(stack.top()).of(decision);
        }
        List<String> pointers = new ArrayList<>();
        for (PolicyStack.Layer layer : stack.layers()) {
            String prefix = layer.via().isEmpty() ? "" : layer.name() + "#";
            List<Decision.Check> own = decision.checks().stream().map(c -> new Decision.Check(c.on(), c.rights(),
                    c.layers().stream().filter(l -> layer.name().equals(l.name())).toList())).toList();
            new GrantingRules(layer.policy()).of(new Decision(true, null, decision.reason(), own)).stream()
                    .map(p -> prefix + p).filter(p -> !pointers.contains(p)).forEach(pointers::add);
        }
        return pointers;
    }

    /**
     * @param layers the enforced rulesets the decision was made under, in order
     * @param asked  the rights the policy itself handles, to tell "not handled at this ABI" from "not asked for"
     */
    private static List<String> words(AccessRequest request, Decision decision, List<Ruleset> layers, long asked) {
        List<String> lines = new ArrayList<>();
        lines.add(describe(request) + ":");
        if (layers.isEmpty()) {
            lines.add("the policy is not enforced at this ABI, so nothing is restricted.");
        }
        long requested = requested(request);
        long inRulesets = layers.stream().mapToLong(r -> r.handled(request.operation().kind())).reduce(0, (a, b) -> a | b);
        long cut = requested & asked & ~inRulesets;
        if (!layers.isEmpty() && cut != 0) {
            for (AccessRight right : AbiTable.decode(request.operation().kind(), cut)) {
                lines.add(right.name() + " is not handled at ABI " + layers.get(0).abi() + " (it needs ABI "
                        + right.firstAbi() + "), so it is not restricted.");
            }
        }
        for (Decision.Check check : decision.checks()) {
            for (Decision.LayerCheck layer : check.layers()) {
                String prefix = layers.size() > 1 ? layer.label() + ": " : "";
                if (layer.handled().isEmpty()) {
                    if (layers.size() > 1) {
                        lines.add(prefix + "handles none of " + String.join(", ", check.rights()) + ".");
                    }
                    continue;
                }
                for (Decision.Grant grant : layer.grants()) {
                    lines.add(prefix + grant.right() + " is handled; " + grantedBy(grant, check.on()) + ".");
                }
                for (String missing : layer.missing()) {
                    lines.add(prefix + missing + " is handled; " + notGranted(missing, check.on(), layers.get(layer.layer() - 1),
                            request.operation()) + ".");
                }
            }
        }
        lines.add(decision.allowed() ? "Decision: allowed." : "Decision: denied with " + decision.errno() + " ("
                + decision.reason() + ").");
        return lines;
    }

    private static String describe(AccessRequest request) {
        Operation op = request.operation();
        return switch (op.target()) {
            case PATH -> op.documentName() + " on " + request.path();
            case PARENT -> op.documentName() + " at " + request.path();
            case TWO_PATHS -> op.documentName() + " " + request.path() + " to " + request.destination();
            case PORT -> op.documentName() + " on port " + request.port();
            case SCOPE -> op.documentName() + " to a peer outside the domain";
        };
    }

    private static long requested(AccessRequest request) {
        Operation op = request.operation();
        return op.target() == Operation.Target.TWO_PATHS ? AbiTable.right(RightKind.FS, "refer").orElseThrow().value() : op.rights();
    }

    private static String grantedBy(Decision.Grant grant, String on) {
        if (grant.at().startsWith("port ")) {
            return "the rule on " + grant.at() + " grants it";
        }
        String where = grant.at().equals(on) ? "on " + on + " itself" : "an ancestor of " + on;
        String written = grant.rule().equals(grant.at()) ? "" : " (written as " + grant.rule() + ")";
        return "the rule on " + grant.at() + written + " grants it, " + where;
    }

    private static String notGranted(String right, String on, Ruleset layer, Operation op) {
        return switch (op.target()) {
            case PORT -> "no rule on " + on + " grants it";
            case SCOPE -> "scopes take no rules, so no peer outside the domain can be reached";
            default -> "no rule on " + on + " or its ancestors grants it" + nearest(on, layer, right);
        };
    }

    /**
     * Why nothing grants {@code right} on {@code on}: the rules on its ancestors that grant other rights, or else the
     * rule whose path shares the most leading components with it.
     */
    private static String nearest(String on, Ruleset layer, String right) {
        List<String> onAncestors = new ArrayList<>();
        Ruleset.PathBeneath best = null;
        int bestShared = 0;
        for (Ruleset.PathBeneath rule : layer.pathBeneath()) {
            if (on.equals(rule.path()) || on.startsWith(rule.path().equals("/") ? "/" : rule.path() + "/")) {
                onAncestors.add("the rule on " + rule.path() + " grants " + rights(rule.allowedAccess(), layer.abi())
                        + " but not " + right);
                continue;
            }
            int shared = sharedComponents(rule.path(), on);
            if (shared > bestShared) {
                best = rule;
                bestShared = shared;
            }
        }
        if (!onAncestors.isEmpty()) {
            return "; " + String.join("; ", onAncestors);
        }
        return best == null ? "" : "; the nearest rule, " + best.path() + ", grants "
                + rights(best.allowedAccess(), layer.abi()) + " elsewhere";
    }

    private static int sharedComponents(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        int shared = 0;
        while (shared < Math.min(x.length, y.length) && x[shared].equals(y[shared])) {
            shared++;
        }
        return shared;
    }

    /** A rule's rights by group name where they are exactly a group, else by name. */
    private static String rights(long mask, int abi) {
        for (AccessGroup group : AccessGroup.values()) {
            if (group.expand(RightKind.FS, abi) == mask) {
                return group.groupName().substring("abi.".length());
            }
        }
        return String.join(", ", AbiTable.names(RightKind.FS, mask));
    }
}
