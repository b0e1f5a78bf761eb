package dev.landlockstudio.compiler.learn;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.policy.NetPortRule;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A policy folded from a recording, no broader than it needs: the system trees the program only read and ran from
 * get one rule of {@code abi.read_execute}; everything else is granted at the narrowest path that stays stable (one
 * that exists before and after a run: a created or removed entry gives way to the nearest directory above it), with
 * what was only read beneath a directory the program writes folded into that directory's rule; ports as seen. Nothing
 * ever lands on {@code /}: such an access is left out and said. Each rule comes with its evidence.
 *
 * @param policy   the proposed policy document
 * @param rules    the evidence of each rule, in the policy's order
 * @param leftOut  accesses no rule grants, and why
 */
public record Proposal(Policy policy, List<RuleEvidence> rules, List<String> leftOut) {

    /** Trees of the system's programs and libraries: read and run, never written, by the programs one learns. */
    private static final List<String> SYSTEM_TREES = List.of("/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin");
    private static final long READ_EXECUTE = fs("execute") | fs("read_file") | fs("read_dir");
    /** Rights that change a directory's entries: where one is granted, the program writes. */
    private static final long CHANGES_ENTRIES = fs("remove_dir") | fs("remove_file") | fs("make_char") | fs("make_dir")
            | fs("make_reg") | fs("make_sock") | fs("make_fifo") | fs("make_block") | fs("make_sym") | fs("refer");
    /** The schema's bound on the paths or ports of one rule. */
    private static final int MAX_PER_RULE = 1000;
    /** A process's own /proc directory: its number changes with every run, so only /proc itself is stable. */
    private static final Pattern PROC_PID = Pattern.compile("^/proc/(?:self|thread-self|\\d+)(?:/.*)?$");

    /** The accesses folded onto one rule path or port, and its rights. */
    private static final class Target {
        long rights;
        final Set<String> paths = new LinkedHashSet<>();
        final Map<String, Integer> labels = new LinkedHashMap<>();

        /** @param path the path it was on, or null for a port */
        void add(Access access, String path, long rights) {
            this.rights |= rights;
            if (path != null) {
                paths.add(path);
            }
            labels.merge(access.syscall() + ": " + String.join(", ", AbiTable.names(access.kind(), rights)), 1, Integer::sum);
        }

        void addAll(Target other) {
            rights |= other.rights;
            paths.addAll(other.paths);
            other.labels.forEach((label, count) -> labels.merge(label, count, Integer::sum));
        }

        List<String> evidence() {
            List<String> lines = new ArrayList<>();
            labels.forEach((label, count) -> lines.add(label + " ×" + count));
            if (paths.isEmpty()) {
                return lines;
            }
            List<String> shown = paths.stream().limit(5).toList();
            lines.add(paths.size() + (paths.size() == 1 ? " path: " : " paths: ") + String.join(", ", shown)
                    + (paths.size() > shown.size() ? ", …" : ""));
            return lines;
        }
    }

    /**
     * @param abi the ABI the policy is written for: rights it lacks are left out, and said
     */
    public static Proposal of(Recording recording, String name, String description, int abi) {
        long knownFs = AbiTable.mask(RightKind.FS, abi);
        long knownNet = AbiTable.mask(RightKind.NET, abi);
        Map<String, Target> trees = new TreeMap<>();
        Map<String, Target> targets = new TreeMap<>();
        Map<Integer, Target> ports = new TreeMap<>();
        Set<String> leftOut = new LinkedHashSet<>();
        for (Access access : recording.accesses()) {
            long known = access.kind() == RightKind.FS ? knownFs : knownNet;
            String where = access.path() != null ? "on " + access.path() : "on port " + access.port();
            if ((access.rights() & ~known) != 0) {
                leftOut.add(String.join(", ", AbiTable.names(access.kind(), access.rights() & ~known)) + " " + where + " ("
                        + access.syscall() + "): ABI " + abi + " has no such right");
            }
            long rights = access.rights() & known;
            if (rights == 0) {
                continue;
            }
            if (access.kind() == RightKind.NET) {
                ports.computeIfAbsent(access.port(), p -> new Target()).add(access, null, rights);
                continue;
            }
            String path = PROC_PID.matcher(access.path()).matches() ? "/proc" : access.path();
            if (recording.directories().contains(path) && (rights & fs("read_file")) != 0) {
                rights = rights & ~fs("read_file") | fs("read_dir"); // Opening a directory for reading is read_dir.
            }
            String tree = systemTree(path);
            if (tree != null && (rights & ~READ_EXECUTE) == 0) {
                trees.computeIfAbsent(tree, t -> new Target()).add(access, path, rights);
                continue;
            }
            String anchor = stableAncestor(path, recording);
            if (anchor.equals("/")) {
                leftOut.add(access.describe() + " " + where + ": it would need a rule on /");
                continue;
            }
            targets.computeIfAbsent(anchor, a -> new Target()).add(access, path, rights);
        }
        foldIntoWrittenDirectories(targets);
        foldIntoCoveringRules(targets);
        return new Proposal(policy(name, description, abi, trees, targets, ports),
                evidence(trees, targets, ports), List.copyOf(leftOut));
    }

    /**
     * This proposal as additions to an existing policy (written for the same ABI): per proposed rule, a rule with only
     * the rights the policy neither grants on that path or port (by a rule on it or above it) nor leaves unhandled;
     * the evidence then names the added rules. The policy's own rules are left as they are.
     */
    public Proposal into(PolicyReader.ReadPolicy existing) {
        ResolvedPolicy resolved = existing.resolved();
        Policy document = existing.document();
        List<PathBeneathRule> pathRules = new ArrayList<>(document.pathBeneath() == null ? List.of() : document.pathBeneath());
        List<NetPortRule> portRules = new ArrayList<>(document.netPort() == null ? List.of() : document.netPort());
        List<RuleEvidence> added = new ArrayList<>();
        for (RuleEvidence rule : rules) {
            boolean fs = rule.pointer().startsWith("/pathBeneath/");
            RightKind kind = fs ? RightKind.FS : RightKind.NET;
            long needed = rule.rights().stream().mapToLong(r -> r.equals("abi.read_execute") ? READ_EXECUTE
                    : AbiTable.right(kind, r).orElseThrow().value()).reduce(0, (a, b) -> a | b);
            // Per path or port, what the policy lacks of it; those lacking the same share the added rule.
            Map<Long, List<String>> lacking = new LinkedHashMap<>();
            for (String on : rule.on()) {
                long missing = needed & resolved.handled(kind).mask()
                        & ~(fs ? grantedOn(resolved, on) : grantedOn(resolved, Integer.parseInt(on)));
                if (missing != 0) {
                    lacking.computeIfAbsent(missing, m -> new ArrayList<>()).add(on);
                }
            }
            for (Map.Entry<Long, List<String>> lack : lacking.entrySet()) {
                List<String> rights = AbiTable.names(kind, lack.getKey());
                String pointer;
                if (fs) {
                    pointer = "/pathBeneath/" + pathRules.size();
                    pathRules.add(new PathBeneathRule(lack.getValue(), rights));
                } else {
                    pointer = "/netPort/" + portRules.size();
                    portRules.add(new NetPortRule(lack.getValue().stream().map(Integer::valueOf).toList(), rights));
                }
                added.add(new RuleEvidence(pointer, lack.getValue(), rights, "recording, added", rule.evidence()));
            }
        }
        return new Proposal(document.withRules(pathRules.isEmpty() ? null : pathRules, portRules.isEmpty() ? null : portRules),
                List.copyOf(added), leftOut);
    }

    /** The rights the policy's rules grant on a path: those of every rule on it or on a directory above it. */
    private static long grantedOn(ResolvedPolicy policy, String path) {
        long granted = 0;
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            if (rule.paths().stream().anyMatch(p -> path.equals(p) || isStrictlyBeneath(path, p))) {
                granted |= rule.allowed().mask();
            }
        }
        return granted;
    }

    private static long grantedOn(ResolvedPolicy policy, int port) {
        return policy.portRules().stream().filter(r -> r.ports().contains(port)).mapToLong(r -> r.allowed().mask())
                .reduce(0, (a, b) -> a | b);
    }

    /** What was only read or written beneath a directory whose entries the program changes goes to that directory's rule. */
    private static void foldIntoWrittenDirectories(Map<String, Target> targets) {
        List<String> written = targets.entrySet().stream().filter(e -> (e.getValue().rights & CHANGES_ENTRIES) != 0)
                .map(Map.Entry::getKey).toList();
        for (String path : List.copyOf(targets.keySet())) {
            if ((targets.get(path).rights & CHANGES_ENTRIES) != 0) {
                continue;
            }
            written.stream().filter(w -> isStrictlyBeneath(path, w)).max((a, b) -> Integer.compare(a.length(), b.length()))
                    .ifPresent(w -> targets.get(w).addAll(targets.remove(path)));
        }
    }

    /** A path whose rights a rule above it already grants needs no rule of its own: its evidence goes to that rule. */
    private static void foldIntoCoveringRules(Map<String, Target> targets) {
        for (String path : List.copyOf(targets.keySet())) {
            long rights = targets.get(path).rights;
            targets.keySet().stream().filter(a -> isStrictlyBeneath(path, a) && (targets.get(a).rights & rights) == rights)
                    .findFirst().ifPresent(a -> targets.get(a).addAll(targets.remove(path)));
        }
    }

    private static Policy policy(String name, String description, int abi, Map<String, Target> trees,
                                 Map<String, Target> targets, Map<Integer, Target> ports) {
        List<PathBeneathRule> pathRules = new ArrayList<>();
        if (!trees.isEmpty()) {
            pathRules.add(new PathBeneathRule(List.copyOf(trees.keySet()), List.of("abi.read_execute")));
        }
        byRights(targets).forEach(rule -> pathRules.add(new PathBeneathRule(rule.on(), AbiTable.names(RightKind.FS, rule.rights()))));
        List<NetPortRule> portRules = new ArrayList<>();
        byRights(ports).forEach(rule -> portRules.add(new NetPortRule(rule.on(), AbiTable.names(RightKind.NET, rule.rights()))));
        return new Policy(null, name, description, abi, null, null, null, null, null, null, null,
                pathRules.isEmpty() ? null : pathRules, portRules.isEmpty() ? null : portRules, null);
    }

    private static List<RuleEvidence> evidence(Map<String, Target> trees, Map<String, Target> targets, Map<Integer, Target> ports) {
        List<RuleEvidence> rules = new ArrayList<>();
        if (!trees.isEmpty()) {
            List<String> lines = new ArrayList<>();
            trees.forEach((tree, target) -> target.evidence().forEach(line -> lines.add(tree + ": " + line)));
            rules.add(new RuleEvidence("/pathBeneath/0", List.copyOf(trees.keySet()), List.of("abi.read_execute"), "recording", lines));
        }
        int index = rules.size();
        for (Grouped<String> rule : byRights(targets)) {
            List<String> lines = new ArrayList<>();
            rule.on().forEach(path -> targets.get(path).evidence().forEach(line -> lines.add(path + ": " + line)));
            rules.add(new RuleEvidence("/pathBeneath/" + index++, rule.on(), AbiTable.names(RightKind.FS, rule.rights()),
                    "recording", lines));
        }
        index = 0;
        for (Grouped<Integer> rule : byRights(ports)) {
            List<String> lines = new ArrayList<>();
            rule.on().forEach(port -> ports.get(port).evidence().forEach(line -> lines.add("port " + port + ": " + line)));
            rules.add(new RuleEvidence("/netPort/" + index++, rule.on().stream().map(String::valueOf).toList(),
                    AbiTable.names(RightKind.NET, rule.rights()), "recording", lines));
        }
        return rules;
    }

    /** One rule to write: its rights, and its paths or ports. */
    private record Grouped<K>(long rights, List<K> on) {
    }

    /**
     * Paths or ports with the same rights share one rule, in the order of the first of each, and at most
     * {@link #MAX_PER_RULE} of them (the schema's bound).
     */
    private static <K> List<Grouped<K>> byRights(Map<K, Target> targets) {
        Map<Long, List<K>> same = new LinkedHashMap<>();
        targets.forEach((key, target) -> same.computeIfAbsent(target.rights, r -> new ArrayList<>()).add(key));
        List<Grouped<K>> rules = new ArrayList<>();
        same.forEach((rights, keys) -> {
            for (int from = 0; from < keys.size(); from += MAX_PER_RULE) {
                rules.add(new Grouped<>(rights, List.copyOf(keys.subList(from, Math.min(keys.size(), from + MAX_PER_RULE)))));
            }
        });
        return rules;
    }

    private static String systemTree(String path) {
        return SYSTEM_TREES.stream().filter(tree -> path.equals(tree) || path.startsWith(tree + "/")).findFirst().orElse(null);
    }

    /** The path itself, or the nearest directory above it that no run creates or removes: where a rule can stand. */
    private static String stableAncestor(String path, Recording recording) {
        String stable = path;
        for (String p = path; !p.equals("/"); p = FsView.parent(p)) {
            if (recording.created().contains(p) || recording.removed().contains(p)) {
                stable = FsView.parent(p);
            }
        }
        return stable;
    }

    private static boolean isStrictlyBeneath(String path, String ancestor) {
        return path.startsWith(ancestor.equals("/") ? "/" : ancestor + "/") && !path.equals(ancestor);
    }

    private static long fs(String name) {
        return AbiTable.right(RightKind.FS, name).orElseThrow().value();
    }
}
