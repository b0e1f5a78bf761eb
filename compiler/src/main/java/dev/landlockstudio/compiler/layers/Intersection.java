package dev.landlockstudio.compiler.layers;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.report.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * One ruleset that allows what a stack allows, for targets that hold a single ruleset. A right is handled if any layer
 * handles it, and granted beneath a path when every layer that handles it grants it there: beneath two nested rules,
 * that is beneath the deeper one. refer counts as handled by every layer, as the kernel checks it. Two things one
 * ruleset cannot hold exactly are written narrower than the stack, never wider: whether a moved file gains rights is
 * checked per layer, so refer is granted nowhere when several layers handle filesystem rights; and rules are compared
 * by the paths written, so two paths naming one inode are not merged.
 */
public final class Intersection {

    private static final long REFER = AbiTable.right(RightKind.FS, "refer").orElseThrow().value();

    /** The single ruleset and what the report says of it. */
    public record Result(Ruleset ruleset, List<ReportItem> items) {
    }

    private Intersection() {
    }

    public static Result of(RulesetStack stack) {
        List<Ruleset> layers = stack.enforcedLayers().stream().map(RulesetStack.Layer::ruleset).toList();
        List<String> names = stack.layers().stream().map(RulesetStack.Layer::name).toList();
        List<ReportItem> items = new ArrayList<>();
        items.add(new ReportItem(Severity.INFO, ReportCode.LAYERS_INTERSECTED, "/extends", "this target holds one ruleset:"
                + " the " + names.size() + " stacked layers (" + String.join(", ", names) + ") are written as their"
                + " intersection, each right handled where any layer handles it and granted where every layer that"
                + " handles it grants it"));
        if (layers.isEmpty()) {
            return new Result(Ruleset.notEnforced(stack.abi()), items);
        }
        if (layers.size() == 1) {
            return new Result(layers.get(0), items);
        }
        long handledFs = union(layers, Ruleset::handledAccessFs);
        long handledNet = union(layers, Ruleset::handledAccessNet);
        long scoped = union(layers, Ruleset::scoped);
        Map<String, Long> paths = new TreeMap<>();
        for (AccessRight right : AbiTable.decode(RightKind.FS, handledFs | REFER)) {
            long bit = right.value();
            // Every layer denies reparenting unless it grants refer, whether it handles refer or not.
            List<Ruleset> handling = layers.stream().filter(l -> bit == REFER || (l.handledAccessFs() & bit) != 0).toList();
            Set<String> granted = null;
            for (Ruleset layer : handling) {
                Set<String> own = new HashSet<>();
                layer.pathBeneath().stream().filter(r -> (r.allowedAccess() & bit) != 0).forEach(r -> own.add(r.path()));
                granted = granted == null ? own : meet(granted, own);
            }
            if (handledFs != 0 && granted != null) {
                granted.forEach(path -> paths.merge(path, bit, (a, b) -> a | b));
            }
        }
        long fsLayers = layers.stream().filter(l -> l.handledAccessFs() != 0).count();
        if (fsLayers > 1 && paths.values().stream().anyMatch(rights -> (rights & REFER) != 0)) {
            paths.replaceAll((path, rights) -> rights & ~REFER);
            items.add(new ReportItem(Severity.WARNING, ReportCode.LAYERS_NARROWED, "/extends", "refer is granted nowhere:"
                    + " the kernel checks per layer that a moved file gains no right, which one ruleset cannot say, so"
                    + " this ruleset denies every reparenting that the stack may allow (narrower, never wider)"));
        }
        List<Ruleset.PathBeneath> pathBeneath = new ArrayList<>();
        paths.forEach((path, rights) -> {
            if (rights != 0) {
                pathBeneath.add(new Ruleset.PathBeneath(path, rights, ifMissing(layers, path),
                        anyRule(layers, r -> r.path().equals(path) && r.quiet())));
            }
        });
        Map<Integer, Long> ports = new TreeMap<>();
        for (AccessRight right : AbiTable.decode(RightKind.NET, handledNet)) {
            long bit = right.value();
            Set<Integer> granted = null;
            for (Ruleset layer : layers.stream().filter(l -> (l.handledAccessNet() & bit) != 0).toList()) {
                Set<Integer> own = new TreeSet<>();
                layer.netPort().stream().filter(r -> (r.allowedAccess() & bit) != 0).forEach(r -> own.add(r.port()));
                if (granted == null) {
                    granted = own;
                } else {
                    granted.retainAll(own);
                }
            }
            granted.forEach(port -> ports.merge(port, bit, (a, b) -> a | b));
        }
        List<Ruleset.NetPort> netPort = new ArrayList<>();
        ports.forEach((port, rights) -> netPort.add(new Ruleset.NetPort(port, rights, layers.stream()
                .anyMatch(l -> l.netPort().stream().anyMatch(r -> r.port() == port && r.quiet())))));
        long quietFs = union(layers, Ruleset::quietAccessFs) & handledFs;
        long quietNet = union(layers, Ruleset::quietAccessNet) & handledNet;
        long quietScoped = union(layers, Ruleset::quietScoped) & scoped;
        Ruleset one = new Ruleset(stack.abi(), true, handledFs, handledNet, scoped, quietFs, quietNet, quietScoped,
                Ruleset.attrSizeFor(handledNet, scoped, quietFs, quietNet, quietScoped), List.copyOf(pathBeneath),
                List.copyOf(netPort), union(layers, Ruleset::restrictSelfFlags));
        return new Result(one, List.copyOf(items));
    }

    /**
     * The places beneath both a path of {@code a} and a path of {@code b}, as rule paths: of two nested paths, the
     * deeper.
     */
    private static Set<String> meet(Set<String> a, Set<String> b) {
        Set<String> met = new HashSet<>();
        for (String x : a) {
            for (String y : b) {
                if (beneath(y, x)) {
                    met.add(y);
                } else if (beneath(x, y)) {
                    met.add(x);
                }
            }
        }
        return met;
    }

    /** Whether {@code path} is {@code ancestor} or beneath it. */
    private static boolean beneath(String path, String ancestor) {
        return path.equals(ancestor) || ancestor.equals("/") || path.startsWith(ancestor + "/");
    }

    /** A path some rule must find fails when missing; it is skipped only when every rule on it says skip. */
    private static IfMissing ifMissing(List<Ruleset> layers, String path) {
        return anyRule(layers, r -> r.path().equals(path) && r.ifMissing() == IfMissing.FAIL) ? IfMissing.FAIL : IfMissing.SKIP;
    }

    private static boolean anyRule(List<Ruleset> layers, Predicate<Ruleset.PathBeneath> test) {
        return layers.stream().anyMatch(l -> l.pathBeneath().stream().anyMatch(test));
    }

    private static long union(List<Ruleset> layers, ToLongFunction<Ruleset> field) {
        return layers.stream().mapToLong(field).reduce(0, (x, y) -> x | y);
    }
}
