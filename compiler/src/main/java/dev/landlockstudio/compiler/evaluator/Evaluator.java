package dev.landlockstudio.compiler.evaluator;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.fs.PathTrie;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.Ruleset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicts the kernel's decision for an access under stacked rulesets (at most 16 layers), from the rules of
 * landlock-facts.md §2: a handled right is denied unless a rule on the path or an ancestor grants it, in every
 * layer (§2.1, §2.7); rules bind to the inode the path resolves to (§2.8); reparenting needs refer on both sides,
 * never lets a file gain rights, and answers EACCES before EXDEV (§2.2).
 */
public final class Evaluator {

    /** The kernel's limit on stacked rulesets (§1.8, E2BIG). */
    public static final int MAX_LAYERS = PolicyStack.MAX_LAYERS;

    private static final long REFER = AbiTable.right(RightKind.FS, "refer").orElseThrow().value();
    private static final long ALL_FS = AbiTable.mask(RightKind.FS, AbiTable.newest());

    /** A path rule as the evaluator looks it up: where it was written and what it grants there. */
    private record PathGrant(String written, long allowed) {
    }

    /** One applied ruleset, its rules indexed by the inode (identity path) each names; name null when unnamed. */
    private record Layer(String name, Ruleset ruleset, PathTrie<PathGrant> rules, Map<Integer, Long> portRights) {
    }

    private final FsView view;
    private final List<Layer> layers = new ArrayList<>();
    /** Whether any layer restricts the filesystem: only then does the kernel check filesystem accesses at all. */
    private final boolean fsDomain;

    /** The rulesets in the order they were applied, unnamed; ones that are not enforced add no layer. */
    public Evaluator(List<Ruleset> rulesets, FsView view) {
        this(new RulesetStack(rulesets.stream().map(r -> new RulesetStack.Layer(null, null, r)).toList()), view);
    }

    /**
     * A stack of rulesets, each named for its policy when there are several (one alone is "layer 1"); ones that are
     * not enforced add no layer.
     */
    public Evaluator(RulesetStack stack, FsView view) {
        this.view = view;
        boolean named = stack.layers().size() > 1;
        for (RulesetStack.Layer layer : stack.enforcedLayers()) {
            layers.add(index(named ? layer.name() : null, layer.ruleset(), view));
        }
        if (layers.size() > MAX_LAYERS) {
            throw new IllegalArgumentException(layers.size() + " layers: the kernel allows at most " + MAX_LAYERS + " (E2BIG)");
        }
        this.fsDomain = layers.stream().anyMatch(l -> l.ruleset().handledAccessFs() != 0);
    }

    private static Layer index(String name, Ruleset ruleset, FsView view) {
        PathTrie<PathGrant> rules = new PathTrie<>();
        for (Ruleset.PathBeneath rule : ruleset.pathBeneath()) {
            // Rules are opened without O_NOFOLLOW and tie to an inode; a non-directory keeps only file rights.
            String resolved = view.resolve(rule.path(), true);
            long allowed = view.isKnownNonDirectory(resolved)
                    ? rule.allowedAccess() & AbiTable.fileRights() : rule.allowedAccess();
            rules.add(FsView.components(view.identity(resolved)), new PathGrant(rule.path(), allowed));
        }
        Map<Integer, Long> ports = new HashMap<>();
        ruleset.netPort().forEach(rule -> ports.merge(rule.port(), rule.allowedAccess(), (a, b) -> a | b));
        return new Layer(name, ruleset, rules, ports);
    }

    public Decision decide(AccessRequest request) {
        Operation op = request.operation();
        return switch (op.target()) {
            case PATH -> onPath(op, view.resolve(request.path(), true));
            case PARENT -> single(check(FsView.parent(view.resolve(request.path(), false)), op.rights(), false, false),
                    "EACCES");
            case TWO_PATHS -> move(op, view.resolve(request.path(), false), view.resolve(request.destination(), false));
            case PORT -> op == Operation.CONNECT_SEND_UDP
                    // The socket is not bound yet: connecting or sending binds it to an ephemeral port first, which a
                    // layer handling bind_udp allows only by a rule on port 0 (landlock-facts.md §2.16).
                    ? decision(List.of(portCheck(request.port(), op.rights()), portCheck(0, BIND_UDP)), "EACCES")
                    : single(portCheck(request.port(), op.rights()), "EACCES");
            case SCOPE -> scoped(scopeCheck(op.rights()));
        };
    }

    /**
     * The rights of {@code op}'s kind that deciding it may look at, handled or granted: its own, and those
     * {@link #decide} checks in their place (read_dir for reading a directory, read_file and write_file to open a
     * device, make_reg for creat); rename and link weigh every right. Under two rulesets that handle the same of these
     * and grant them alike, with or without other rights, the decision is the same.
     */
    public static long consulted(Operation op) {
        return switch (op) {
            case READ_FILE -> op.rights() | rightOf("read_dir");
            case IOCTL_DEV -> op.rights() | rightOf("read_file") | rightOf("write_file");
            case CREAT -> op.rights() | rightOf("make_reg");
            case CONNECT_SEND_UDP -> op.rights() | BIND_UDP;
            case RENAME, LINK -> -1L;
            default -> op.rights();
        };
    }

    private Decision onPath(Operation op, String path) {
        FsView.Type type = view.typeOf(path);
        if (op == Operation.READ_FILE && type == FsView.Type.DIRECTORY) {
            // Opening a directory for reading is checked as read_dir.
            return single(check(path, rightOf("read_dir"), false, false), "EACCES");
        }
        if (op == Operation.IOCTL_DEV) {
            // The ioctl needs the file opened for reading, or for writing when reading is denied (§2.5).
            Decision.Check read = check(path, rightOf("read_file"), false, false);
            Decision.Check open = read.allowed() ? read : check(path, rightOf("write_file"), false, false);
            Decision.Check opened = open.allowed() ? open : read;
            if (!type.isDevice()) {
                return opened.allowed() ? new Decision(true, null, "ioctl_dev covers only character and block devices; "
                        + path + " is a " + type.documentName(), List.of(opened)) : single(opened, "EACCES");
            }
            return decision(List.of(opened, check(path, op.rights(), false, false)), "EACCES");
        }
        if (op == Operation.CREAT && view.listedType(path) == null) {
            // creat(2) on a new file: the parent must allow creating it, the new file must allow writing.
            List<Decision.Check> checks = List.of(check(FsView.parent(path), rightOf("make_reg"), false, false),
                    check(path, rightOf("write_file"), false, false));
            return decision(checks, "EACCES");
        }
        return single(check(path, op.rights(), false, false), "EACCES");
    }

    /**
     * The filesystem rights {@code rights} checked on {@code path} as an open would check them: per layer, which rule
     * (on the path or an ancestor) grants each handled right and which nothing grants. The picture reads it per node.
     */
    public Decision.Check rightsOn(String path, long rights) {
        return check(view.resolve(path, true), rights, false, false);
    }

    /** rename(2) and link(2), as the kernel's current_check_refer_path decides them (§2.2). */
    private Decision move(Operation op, String source, String destination) {
        if (fsDomain && !view.mountRoot(source).equals(view.mountRoot(destination))) {
            return new Decision(false, "EXDEV", "source and destination are on different mounts", List.of());
        }
        boolean rename = op == Operation.RENAME;
        FsView.Type sourceType = listedOr(source, FsView.Type.FILE);
        FsView.Type replaced = view.listedType(destination);
        long removeSource = rename ? removeRight(sourceType) : 0;
        long create = makeRight(sourceType) | (rename && replaced != null ? removeRight(replaced) : 0);
        String sourceParent = FsView.parent(source);
        String destinationParent = FsView.parent(destination);
        if (view.identity(sourceParent).equals(view.identity(destinationParent))) {
            // No reparenting: refer is not needed.
            return single(check(destinationParent, removeSource | create, false, false), "EACCES");
        }
        Decision.Check fromSide = check(sourceParent, removeSource | REFER, true, true);
        Decision.Check toSide = check(destinationParent, create | REFER, true, true);
        List<Decision.Check> checks = List.of(fromSide, toSide);
        Decision.LayerCheck beyondRefer = firstDenying(checks, true);
        if (beyondRefer != null) {
            return new Decision(false, "EACCES", "creating or removing is denied" + by(beyondRefer)
                    + "; EACCES takes precedence over EXDEV", checks);
        }
        Decision.LayerCheck noRefer = firstDenying(checks, false);
        if (noRefer != null) {
            boolean referUnhandled = (layers.get(noRefer.layer() - 1).ruleset().handledAccessFs() & REFER) == 0;
            return new Decision(false, "EXDEV", "refer is not granted on both sides" + by(noRefer) + (referUnhandled
                    ? " (a layer that does not handle refer, as at ABI 1 or when it handles no filesystem right while"
                    + " another layer does, denies every reparenting)" : ""), checks);
        }
        List<String> gained = gainedRights(source, sourceType == FsView.Type.DIRECTORY, sourceParent, destinationParent);
        if (!gained.isEmpty()) {
            return new Decision(false, "EXDEV", source + " would gain " + String.join(", ", gained)
                    + " under " + destinationParent + "; a file may not gain rights by moving", checks);
        }
        return new Decision(true, null, "refer, removal and creation are granted, and nothing is gained", checks);
    }

    /**
     * The rights the moved file would have under the destination that it lacks where it is: per layer, a right
     * the destination's ancestors grant while neither the source's ancestors nor rules on the file itself do.
     * Directory-only rights count only when a directory moves.
     */
    private List<String> gainedRights(String source, boolean isDirectory, String sourceParent, String destinationParent) {
        long considered = isDirectory ? ALL_FS : AbiTable.fileRights();
        String mountRoot = view.mountRoot(destinationParent);
        long gained = 0;
        for (Layer layer : layers) {
            long handled = (layer.ruleset().handledAccessFs() | REFER) & considered;
            long atSource = grantedAlong(layer, sourceParent, mountRoot) | grantedOn(layer, source);
            long atDestination = grantedAlong(layer, destinationParent, mountRoot);
            gained |= handled & atDestination & ~atSource;
        }
        return AbiTable.names(RightKind.FS, gained);
    }

    private long grantedAlong(Layer layer, String path, String stopAt) {
        List<String> components = FsView.components(path);
        List<PathTrie.Node<PathGrant>> nodes = nodesAlong(layer, components);
        long granted = 0;
        for (int depth = components.size(); depth >= FsView.components(stopAt).size(); depth--) {
            granted |= grantedAt(nodes.get(depth));
        }
        return granted;
    }

    private long grantedOn(Layer layer, String path) {
        List<String> components = FsView.components(path);
        return grantedAt(nodesAlong(layer, components).get(components.size()));
    }

    private static long grantedAt(PathTrie.Node<PathGrant> node) {
        long granted = 0;
        if (node != null) {
            for (PathGrant rule : node.values()) {
                granted |= rule.allowed();
            }
        }
        return granted;
    }

    /**
     * The rule nodes of {@code components} and each of its ancestors, by depth (0 is "/"), found in one walk: at a
     * bind mount's target the walk goes on from its source, whose inodes it shows (landlock-facts.md §2.6).
     */
    private List<PathTrie.Node<PathGrant>> nodesAlong(Layer layer, List<String> components) {
        List<PathTrie.Node<PathGrant>> nodes = new ArrayList<>(components.size() + 1);
        PathTrie.Node<PathGrant> node = layer.rules().root();
        PathTrie.Node<List<String>> mount = view.bindTargets().root();
        nodes.add(node);
        for (String component : components) {
            node = PathTrie.child(node, component);
            mount = PathTrie.child(mount, component);
            if (mount != null && !mount.values().isEmpty()) {
                node = layer.rules().find(mount.values().get(mount.values().size() - 1));
            }
            nodes.add(node);
        }
        return nodes;
    }

    /** " by layer 2 (web)" when several layers could have decided, else nothing. */
    private String by(Decision.LayerCheck layer) {
        return layers.size() > 1 ? " by " + layer.label() : "";
    }

    /**
     * The first layer (by the source's check, then the destination's) that misses a right other than refer, with
     * {@code beyondRefer}, or any right; null when there is none.
     */
    private static Decision.LayerCheck firstDenying(List<Decision.Check> checks, boolean beyondRefer) {
        String refer = "refer";
        for (Decision.Check check : checks) {
            for (Decision.LayerCheck layer : check.layers()) {
                if (layer.missing().stream().anyMatch(r -> !beyondRefer || !r.equals(refer))) {
                    return layer;
                }
            }
        }
        return null;
    }

    /**
     * Checks {@code requested} on {@code path}: in each layer, each handled right must be granted by a rule on the
     * path or an ancestor. With {@code referInitiallyDenied}, refer counts as handled by every layer (the kernel
     * denies reparenting by default); with {@code withinMount}, the walk stops at the mount's root, as refer checks do.
     */
    private Decision.Check check(String path, long requested, boolean referInitiallyDenied, boolean withinMount) {
        List<Decision.LayerCheck> traces = new ArrayList<>();
        if (!fsDomain) {
            return new Decision.Check(path, AbiTable.names(RightKind.FS, requested), traces);
        }
        List<String> components = FsView.components(path);
        int stopDepth = withinMount ? FsView.components(view.mountRoot(path)).size() : 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            long handledMask = layer.ruleset().handledAccessFs() | (referInitiallyDenied ? REFER : 0);
            long handled = requested & handledMask;
            long remaining = handled;
            List<Decision.Grant> grants = new ArrayList<>();
            List<PathTrie.Node<PathGrant>> nodes = remaining == 0 ? List.of() : nodesAlong(layer, components);
            for (int depth = components.size(); depth >= stopDepth && remaining != 0; depth--) {
                PathTrie.Node<PathGrant> node = nodes.get(depth);
                if (node == null) {
                    continue;
                }
                for (PathGrant rule : node.values()) {
                    long granted = rule.allowed() & remaining;
                    if (granted != 0) {
                        String at = FsView.prefix(components, depth);
                        for (String right : AbiTable.names(RightKind.FS, granted)) {
                            grants.add(new Decision.Grant(right, rule.written(), at));
                        }
                    }
                    remaining &= ~granted;
                }
            }
            traces.add(new Decision.LayerCheck(i + 1, layer.name(), AbiTable.names(RightKind.FS, handled), grants,
                    AbiTable.names(RightKind.FS, remaining)));
        }
        return new Decision.Check(path, AbiTable.names(RightKind.FS, requested), traces);
    }

    private Decision.Check portCheck(int port, long requested) {
        List<Decision.LayerCheck> traces = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            long handled = requested & layer.ruleset().handledAccessNet();
            long granted = handled & layer.portRights().getOrDefault(port, 0L);
            List<Decision.Grant> grants = AbiTable.names(RightKind.NET, granted).stream()
                    .map(r -> new Decision.Grant(r, "port " + port, "port " + port)).toList();
            traces.add(new Decision.LayerCheck(i + 1, layer.name(), AbiTable.names(RightKind.NET, handled), grants,
                    AbiTable.names(RightKind.NET, handled & ~granted)));
        }
        return new Decision.Check("port " + port, AbiTable.names(RightKind.NET, requested), traces);
    }

    /** Scopes take no rules (§2.15): a scoped layer denies the access to a peer outside the domain. */
    private Decision.Check scopeCheck(long requested) {
        List<Decision.LayerCheck> traces = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            long scoped = requested & layers.get(i).ruleset().scoped();
            traces.add(new Decision.LayerCheck(i + 1, layers.get(i).name(), AbiTable.names(RightKind.SCOPE, scoped), List.of(),
                    AbiTable.names(RightKind.SCOPE, scoped)));
        }
        return new Decision.Check("a peer outside the domain", AbiTable.names(RightKind.SCOPE, requested), traces);
    }

    private static Decision scoped(Decision.Check check) {
        for (Decision.LayerCheck layer : check.layers()) {
            if (!layer.missing().isEmpty()) {
                return new Decision(false, "EPERM", layer.label() + " scopes " + String.join(", ", layer.missing())
                        + " and the peer is outside the domain", List.of(check));
            }
        }
        return new Decision(true, null, "no layer scopes it", List.of(check));
    }

    private Decision single(Decision.Check check, String errno) {
        return decision(List.of(check), errno);
    }

    private Decision decision(List<Decision.Check> checks, String errno) {
        for (Decision.Check check : checks) {
            for (Decision.LayerCheck layer : check.layers()) {
                if (!layer.missing().isEmpty()) {
                    return new Decision(false, errno, layer.label() + " handles "
                            + String.join(", ", layer.missing()) + " and nothing grants it on " + check.on(), checks);
                }
            }
        }
        List<String> handling = checks.stream().flatMap(c -> c.layers().stream()).filter(l -> !l.handled().isEmpty())
                .map(Decision.LayerCheck::label).distinct().toList();
        return new Decision(true, null, handling.isEmpty() ? "no layer handles it" : "every layer that handles it grants it"
                + (layers.size() > 1 ? " (" + String.join(", ", handling) + ")" : ""), checks);
    }

    private FsView.Type listedOr(String path, FsView.Type otherwise) {
        FsView.Type type = view.listedType(path);
        return type == null ? otherwise : type;
    }

    private static final long BIND_UDP = AbiTable.right(RightKind.NET, "bind_udp").orElseThrow().value();

    private static long rightOf(String name) {
        return AbiTable.right(RightKind.FS, name).orElseThrow().value();
    }

    private static long makeRight(FsView.Type type) {
        return rightOf(switch (type) {
            case DIRECTORY -> "make_dir";
            case SYMLINK -> "make_sym";
            case CHAR_DEVICE -> "make_char";
            case BLOCK_DEVICE -> "make_block";
            case SOCKET -> "make_sock";
            case FIFO -> "make_fifo";
            case FILE -> "make_reg";
        });
    }

    private static long removeRight(FsView.Type type) {
        return rightOf(type == FsView.Type.DIRECTORY ? "remove_dir" : "remove_file");
    }
}
