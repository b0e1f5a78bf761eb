package dev.landlockstudio.compiler.picture;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.except.Excepts;
import dev.landlockstudio.compiler.explain.GrantingRules;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.lowering.Lowering;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a policy allows at one kernel ABI, drawn for people: the tree of its rule paths and their ancestors up to
 * "/", each node with the handled rights as chips (granted here, inherited, denied), the ports, the scopes, and the
 * rights no rule can deny because nothing handles them. Computed from the same lowering and evaluator as explain,
 * so the chips say what the kernel will decide.
 *
 * @param enforced          false when the policy applies nothing at this ABI (its compatibility level or the ABI
 *                          leave nothing): every chip is then absent and everything is allowed
 * @param allowedEverywhere rights the kernel at this ABI does not restrict for this policy, with why
 */
@JsonPropertyOrder({"abi", "enforced", "tree", "network", "scoped", "allowedEverywhere"})
public record Picture(int abi, boolean enforced, Node tree, Network network, List<String> scoped,
                      List<Unrestricted> allowedEverywhere) {

    /** At most this many nodes: the picture is for reading, and each node costs a walk to the root. */
    public static final int MAX_NODES = 2_000;

    private static final long REFER = AbiTable.right(RightKind.FS, "refer").orElseThrow().value();

    /**
     * One path of the tree.
     *
     * @param name     its last component ("/" for the root)
     * @param rules    the pointers of the rules written on this path
     * @param excepted why a rule's except leaves this path out of it ("... excepted from rule #2 ..."), else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"path", "name", "rules", "excepted", "chips", "children"})
    public record Node(String path, String name, List<String> rules, String excepted, List<Chip> chips,
                       List<Node> children) {
    }

    /**
     * @param handled the handled network rights: denied on every port no rule names
     * @param ports   each port a rule names, with the handled rights as chips
     */
    public record Network(List<String> handled, List<Port> ports) {
    }

    public record Port(int port, List<Chip> chips) {
    }

    /** A right allowed everywhere at this ABI, and why: not handled, or not in this ABI. */
    @JsonPropertyOrder({"kind", "right", "why"})
    public record Unrestricted(String kind, String right, String why) {
    }

    /** The picture at {@code abi}; empty when the policy is a hard requirement that ABI cannot meet. */
    public static Optional<Picture> of(ResolvedPolicy policy, int abi) {
        return of(policy, abi, FsView.empty());
    }

    /**
     * The picture at {@code abi} with the filesystem as {@code view} says (which except paths need); empty when the
     * policy is a hard requirement that ABI cannot meet.
     */
    public static Optional<Picture> of(ResolvedPolicy policy, int abi, FsView view) {
        Lowering.Result lowered = Compiler.lower(policy, abi, view);
        if (lowered.refused()) {
            return Optional.empty();
        }
        Ruleset ruleset = lowered.ruleset();
        Evaluator evaluator = new Evaluator(List.of(ruleset), view);
        GrantingRules granting = new GrantingRules(policy);
        Node tree = tree(policy, ruleset, evaluator, granting, view);
        return Optional.of(new Picture(abi, ruleset.enforced(), tree, network(policy, ruleset, granting),
                AbiTable.names(RightKind.SCOPE, ruleset.scoped()), unrestricted(policy, ruleset)));
    }

    /** A node being built: children by name, so the tree comes out sorted. */
    private static final class Draft {
        final String path;
        final Map<String, Draft> children = new TreeMap<>();
        final List<String> rules = new ArrayList<>(1);

        Draft(String path) {
            this.path = path;
        }
    }

    private static Node tree(ResolvedPolicy policy, Ruleset ruleset, Evaluator evaluator, GrantingRules granting,
                             FsView view) {
        Draft root = new Draft("/");
        int[] count = {1};
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            List<String> shown = new ArrayList<>(rule.paths());
            shown.addAll(rule.except());
            for (String path : shown) {
                Draft node = root;
                for (String component : FsView.components(path)) {
                    String parent = node.path;
                    node = node.children.computeIfAbsent(component, c -> {
                        count[0]++;
                        return new Draft(parent.equals("/") ? "/" + c : parent + "/" + c);
                    });
                }
                if (count[0] > MAX_NODES) {
                    throw new InvalidDocumentException("/pathBeneath", "the picture shows at most " + MAX_NODES
                            + " paths and ancestors, and this policy has more: look at it with explain or the matrix");
                }
                if (rule.paths().contains(path) && !node.rules.contains(rule.pointer())) {
                    node.rules.add(rule.pointer());
                }
            }
        }
        return build(root, ruleset.handledAccessFs(), evaluator, granting, excepted(policy, view));
    }

    /** Why an except leaves a path out of its rule, for the paths it concerns; null for the others. */
    private static Function<String, String> excepted(ResolvedPolicy policy, FsView view) {
        return path -> Excepts.note(policy, view, path).orElse(null);
    }

    private static Node build(Draft draft, long handled, Evaluator evaluator, GrantingRules granting,
                              Function<String, String> excepted) {
        List<Chip> chips = new ArrayList<>();
        if (handled != 0) {
            Decision.Check check = evaluator.rightsOn(draft.path, handled);
            for (Decision.LayerCheck layer : check.layers()) {
                for (Decision.Grant grant : layer.grants()) {
                    chips.add(new Chip(grant.right(), grant.at().equals(draft.path) ? Chip.State.GRANTED : Chip.State.INHERITED,
                            grant.at(), granting.of(grant)));
                }
                layer.missing().forEach(right -> chips.add(Chip.denied(right)));
            }
            chips.sort((a, b) -> Long.compare(bit(RightKind.FS, a.right()), bit(RightKind.FS, b.right())));
        }
        List<Node> children = new ArrayList<>(draft.children.size());
        draft.children.values().forEach(child -> children.add(build(child, handled, evaluator, granting, excepted)));
        String name = draft.path.equals("/") ? "/" : draft.path.substring(draft.path.lastIndexOf('/') + 1);
        return new Node(draft.path, name, List.copyOf(draft.rules), excepted.apply(draft.path), List.copyOf(chips),
                List.copyOf(children));
    }

    private static Network network(ResolvedPolicy policy, Ruleset ruleset, GrantingRules granting) {
        long handled = ruleset.handledAccessNet();
        List<Port> ports = new ArrayList<>();
        if (handled != 0) {
            for (Ruleset.NetPort rule : ruleset.netPort()) {
                List<Chip> chips = new ArrayList<>();
                for (AccessRight right : AbiTable.decode(RightKind.NET, handled)) {
                    if ((rule.allowedAccess() & right.value()) == 0) {
                        chips.add(Chip.denied(right.name()));
                        continue;
                    }
                    String at = "port " + rule.port();
                    chips.add(new Chip(right.name(), Chip.State.GRANTED, at,
                            granting.of(new Decision.Grant(right.name(), at, at))));
                }
                ports.add(new Port(rule.port(), List.copyOf(chips)));
            }
            ports.sort((a, b) -> Integer.compare(a.port(), b.port()));
        }
        return new Network(AbiTable.names(RightKind.NET, handled), List.copyOf(ports));
    }

    /**
     * What nothing restricts: rights this ABI has that the ruleset does not handle, and rights the policy handles
     * that this ABI lacks. refer is not among them: the kernel denies reparenting even when it is not handled.
     */
    private static List<Unrestricted> unrestricted(ResolvedPolicy policy, Ruleset ruleset) {
        List<Unrestricted> rights = new ArrayList<>();
        int abi = ruleset.abi();
        for (RightKind kind : ResolvedPolicy.HANDLED_KINDS) {
            long handled = ruleset.handled(kind);
            long asked = policy.handled(kind).mask();
            for (AccessRight right : AbiTable.rights(kind)) {
                long bit = right.value();
                if ((handled & bit) != 0 || (kind == RightKind.FS && bit == REFER)) {
                    continue;
                }
                String kindName = kind.policyKey();
                if (right.firstAbi() > abi) {
                    if ((asked & bit) != 0) {
                        rights.add(new Unrestricted(kindName, right.name(), "needs ABI " + right.firstAbi()
                                + " (Linux " + AbiTable.version(right.firstAbi()).linux() + ")"));
                    }
                } else if ((asked & bit) != 0) {
                    rights.add(new Unrestricted(kindName, right.name(), "the policy is not enforced at ABI " + abi));
                } else {
                    rights.add(new Unrestricted(kindName, right.name(), "not handled"));
                }
            }
        }
        return List.copyOf(rights);
    }

    private static long bit(RightKind kind, String name) {
        return AbiTable.right(kind, name).orElseThrow().value();
    }
}
