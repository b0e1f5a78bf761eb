package dev.landlockstudio.compiler.audit;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.report.Fix;
import dev.landlockstudio.compiler.report.JsonPatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Denials against a policy: grouped by domain and access, each group with what the policy lacks and the smallest patch
 * that grants it. A right missing under a rule goes to the deepest rule whose path covers the denied path (or the net
 * rule listing the port), or to a new rule on that path or port alone when the rule lists others; with no such rule, a
 * new rule on the path the kernel named, which for make_*, remove_* and refer is already the directory the entry is in.
 * Every fix is checked with the evaluator, on the filesystem view the caller gives: denied before, allowed after.
 * From the ABI that has quiet sets on, a denial that is expected gets a second way out: keep denying it and stop the
 * kernel logging it (the blocked rights in the quiet set, and a quiet rule on the object), checked on the lowered
 * ruleset: still denied, and quiet there.
 */
public final class Remedies {

    private Remedies() {
    }

    /**
     * The groups of {@code denials}, in the order each first appears, each fixed against {@code policy} as it is; the
     * evaluator decides on the filesystem {@code view} describes.
     */
    public static List<DenialGroup> of(PolicyReader.ReadPolicy policy, FsView view, List<Denial> denials) {
        String document = Json.write(policy.document());
        List<DenialGroup> groups = new ArrayList<>();
        grouped(denials).forEach((key, lines) -> groups.add(remedy(document, policy, view, key, lines)));
        return groups;
    }

    /**
     * The policy with every group's change applied, one after another (a later group is remedied against the patched
     * policy): {@code chosen} picks it, {@link DenialGroup#fix} or {@link DenialGroup#quiet}.
     */
    public static String apply(PolicyReader.ReadPolicy policy, FsView view, List<Denial> denials,
                               Function<DenialGroup, Fix> chosen) {
        String document = Json.write(policy.document());
        for (Map.Entry<Denial, List<Integer>> group : grouped(denials).entrySet()) {
            Fix fix = chosen.apply(remedy(document, PolicyReader.read(document), view, group.getKey(), group.getValue()));
            if (fix != null) {
                document = JsonPatch.apply(document, fix);
            }
        }
        return document;
    }

    /**
     * For an access the evaluator denies under {@code policy} at {@code abi} (explain's question): the smallest changes
     * that let it through, one per place where rights are missing (a rename lacks some on both directories), found as
     * for a denial record and joined into one patch; empty when it is allowed or no such change is found. The patched
     * policy is decided again at {@code abi}, on {@code view} as explain decided, and must allow the access.
     */
    public static Optional<Fix> allowing(PolicyReader.ReadPolicy policy, int abi, FsView view, AccessRequest request,
                                         Decision decision) {
        if (decision.allowed()) {
            return Optional.empty();
        }
        String document = Json.write(policy.document());
        RightKind kind = request.operation().kind();
        List<Fix.Operation> patch = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Decision.Check check : decision.checks()) {
            List<String> missing = check.layers().stream().flatMap(l -> l.missing().stream()).distinct().toList();
            if (missing.isEmpty()) {
                continue;
            }
            // A port check is "port N": a UDP connect is also checked on port 0, where it binds first.
            Integer port = kind == RightKind.NET ? Integer.valueOf(check.on().substring("port ".length())) : request.port();
            Denial key = new Denial(0, null, kind, missing, kind == RightKind.FS ? check.on() : null, port,
                    kind == RightKind.SCOPE ? check.on() : null);
            String current = document;
            Optional<Fix> fix = candidates(PolicyReader.read(current), key).stream().filter(f -> allows(current, f, key, view)).findFirst();
            if (fix.isEmpty()) {
                return Optional.empty();
            }
            document = JsonPatch.apply(document, fix.get());
            patch.addAll(fix.get().patch());
            labels.add(fix.get().label());
        }
        ResolvedPolicy patched = PolicyReader.read(document).resolved();
        Compilation compilation = Compiler.compile(patched, Target.NATIVE, abi, new Compiler.Options(view, null));
        boolean allowed = !compilation.refused() && (!compilation.enforced()
                || new Evaluator(List.of(compilation.ruleset()), view).decide(request).allowed());
        return patch.isEmpty() || !allowed ? Optional.empty() : Optional.of(new Fix(String.join("; ", labels), patch));
    }

    private static Map<Denial, List<Integer>> grouped(List<Denial> denials) {
        Map<Denial, List<Integer>> groups = new LinkedHashMap<>();
        for (Denial d : denials) {
            groups.computeIfAbsent(d.withoutLine(), k -> new ArrayList<>()).add(d.line());
        }
        return groups;
    }

    private static DenialGroup remedy(String document, PolicyReader.ReadPolicy policy, FsView view, Denial key,
                                      List<Integer> lines) {
        Verdict before = Verdict.of(policy.resolved(), key, view);
        Fix fix = null;
        Fix quiet = null;
        String reason = before.reason();
        if (before.denied()) {
            fix = candidates(policy, key).stream().filter(f -> allows(document, f, key, view)).findFirst().orElse(null);
            if (fix == null) {
                reason += "; no change to one rule allows it";
            }
            quiet = quieting(policy, key).filter(f -> quiets(document, f, key, view)).orElse(null);
        }
        return new DenialGroup(key.domain(), key.kind(), key.rights(), key.path(), key.port(), key.peer(), lines.size(),
                List.copyOf(lines), before.denied(), reason, fix, quiet);
    }

    /**
     * The change that keeps the access denied but unlogged, where the policy's ABI has quiet sets: the rights the
     * quiet set lacks, and a quiet rule on the denied path or port (with nothing granted) unless one covers it.
     * Scopes have no rules: the quiet set alone quiets them.
     */
    private static Optional<Fix> quieting(PolicyReader.ReadPolicy policy, Denial key) {
        ResolvedPolicy resolved = policy.resolved();
        if (resolved.abi() < AbiTable.quietFirstAbi()) {
            return Optional.empty();
        }
        List<Fix.Operation> operations = new ArrayList<>();
        String quietKey = "/" + Policy.quietKey(key.kind());
        List<String> lacking = AbiTable.names(key.kind(), key.mask() & ~resolved.quiet(key.kind()).mask());
        if (!lacking.isEmpty() && policy.document().quiet(key.kind()) == null) {
            operations.add(Fix.Operation.add(quietKey, lacking));
        } else {
            lacking.forEach(right -> operations.add(Fix.Operation.add(quietKey + "/-", right)));
        }
        boolean quietObject = switch (key.kind()) {
            case FS -> resolved.pathRules().stream().anyMatch(r -> r.quiet() && r.paths().stream().anyMatch(p -> covers(p, key.path())));
            case NET -> resolved.portRules().stream().anyMatch(r -> r.quiet() && r.ports().contains(key.port()));
            default -> true;
        };
        if (!quietObject && key.kind() == RightKind.FS) {
            operations.add(append("/pathBeneath", policy.document().pathBeneath() == null, quietRule("paths", key.path())));
        } else if (!quietObject) {
            operations.add(append("/netPort", policy.document().netPort() == null, quietRule("ports", key.port())));
        }
        return operations.isEmpty() ? Optional.empty()
                : Optional.of(new Fix("keep denying " + key.access() + " without logging it", operations));
    }

    /** A rule that grants nothing and marks its one path or port quiet. */
    private static Map<String, Object> quietRule(String objects, Object object) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put(objects, List.of(object));
        rule.put("allowedAccess", List.of());
        rule.put("quiet", true);
        return rule;
    }

    /** Whether the policy patched by {@code fix} is valid, still denies the access, and lowers it to a quiet one. */
    private static boolean quiets(String document, Fix fix, Denial key, FsView view) {
        ResolvedPolicy patched;
        try {
            patched = PolicyReader.read(JsonPatch.apply(document, fix)).resolved();
        } catch (InvalidDocumentException e) {
            return false;
        }
        Ruleset ruleset = Compiler.lower(patched, patched.abi()).ruleset();
        boolean quietRights = (ruleset.quiet(key.kind()) & key.mask()) == key.mask();
        boolean quietObject = switch (key.kind()) {
            case FS -> ruleset.pathBeneath().stream().anyMatch(r -> r.quiet() && covers(r.path(), key.path()));
            case NET -> ruleset.netPort().stream().anyMatch(r -> r.quiet() && r.port() == key.port());
            default -> true;
        };
        return quietRights && quietObject && Verdict.of(patched, key, view).denied();
    }

    /** The patches to try, smallest first. */
    private static List<Fix> candidates(PolicyReader.ReadPolicy policy, Denial key) {
        ResolvedPolicy resolved = policy.resolved();
        List<Fix> fixes = new ArrayList<>();
        String rights = String.join(", ", key.rights());
        switch (key.kind()) {
            case FS -> {
                coveringRule(resolved, key.path()).ifPresent(rule -> {
                    String written = rule.paths().stream().filter(p -> covers(p, key.path()))
                            .max((a, b) -> Integer.compare(FsView.components(a).size(), FsView.components(b).size()))
                            .orElseThrow();
                    Map<String, Object> own = new LinkedHashMap<>();
                    own.put("paths", List.of(written));
                    if (rule.ifMissing() == IfMissing.SKIP) {
                        own.put("ifMissing", IfMissing.SKIP.documentName());
                    }
                    onRule(rule.pointer(), rule.paths(), written, written, rule.allowed().mask(), own, key).ifPresent(fixes::add);
                });
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("paths", List.of(key.path()));
                rule.put("allowedAccess", key.rights());
                fixes.add(Fix.of("add a rule granting " + rights + " on " + key.path(),
                        append("/pathBeneath", policy.document().pathBeneath() == null, rule)));
            }
            case NET -> {
                resolved.portRules().stream().filter(r -> r.ports().contains(key.port())).findFirst().ifPresent(rule ->
                        onRule(rule.pointer(), rule.ports(), key.port(), "port " + key.port(), rule.allowed().mask(),
                                new LinkedHashMap<>(Map.of("ports", List.of(key.port()))), key).ifPresent(fixes::add));
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("ports", List.of(key.port()));
                rule.put("allowedAccess", key.rights());
                fixes.add(Fix.of("add a rule granting " + rights + " on port " + key.port(),
                        append("/netPort", policy.document().netPort() == null, rule)));
            }
            default -> {
                // No rule lifts a scope (landlock-facts.md §2.15): only not scoping it does; add sets the member.
                long kept = resolved.handled(RightKind.SCOPE).mask() & ~key.mask();
                fixes.add(Fix.of("stop scoping " + rights + " (no rule can allow it)",
                        Fix.Operation.add("/scoped", AbiTable.names(RightKind.SCOPE, kept))));
            }
        }
        return fixes;
    }

    /**
     * The rights of {@code key} the rule at {@code pointer} lacks, granted on it when it lists {@code object} alone; else
     * in {@code own}, a new rule on {@code object} alone (Landlock unions the rules on an object), as granting them on
     * the rule would grant them on its other paths or ports too. Empty when the rule has them all.
     */
    private static Optional<Fix> onRule(String pointer, List<?> objects, Object object, String named, long allowed,
                                        Map<String, Object> own, Denial key) {
        List<String> lacking = AbiTable.names(key.kind(), key.mask() & ~allowed);
        List<String> others = objects.stream().filter(o -> !o.equals(object)).map(String::valueOf).toList();
        if (lacking.isEmpty()) {
            return Optional.empty();
        } else if (others.isEmpty()) {
            return Optional.of(new Fix("grant " + String.join(", ", key.rights()) + " on " + pointer + " (" + named + ")",
                    lacking.stream().map(right -> Fix.Operation.add(pointer + "/allowedAccess/-", right)).toList()));
        }
        own.put("allowedAccess", lacking);
        return Optional.of(Fix.of("add a rule granting " + String.join(", ", lacking) + " on " + named + ": " + pointer
                + " also lists " + String.join(", ", others) + ", which would get " + (lacking.size() == 1 ? "it" : "them")
                + " too", Fix.Operation.add(pointer.substring(0, pointer.lastIndexOf('/')) + "/-", own)));
    }

    /**
     * The deepest rule with a path at or above {@code path}; of rules as deep, one that lists that path alone (a rule
     * an earlier fix added there).
     */
    private static Optional<ResolvedPolicy.PathRule> coveringRule(ResolvedPolicy policy, String path) {
        ResolvedPolicy.PathRule deepest = null;
        int depth = -1;
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            for (String written : rule.paths()) {
                int d = FsView.components(written).size();
                boolean alone = rule.paths().size() == 1 && deepest != null && deepest.paths().size() > 1;
                if (covers(written, path) && (d > depth || d == depth && alone)) {
                    deepest = rule;
                    depth = d;
                }
            }
        }
        return Optional.ofNullable(deepest);
    }

    private static boolean covers(String ancestor, String path) {
        List<String> a = FsView.components(ancestor);
        List<String> p = FsView.components(path);
        return a.size() <= p.size() && p.subList(0, a.size()).equals(a);
    }

    private static Fix.Operation append(String list, boolean omitted, Object item) {
        return omitted ? Fix.Operation.add(list, List.of(item)) : Fix.Operation.add(list + "/-", item);
    }

    /** Whether the policy patched by {@code fix} is valid and lets the access through on {@code view}. */
    private static boolean allows(String document, Fix fix, Denial key, FsView view) {
        try {
            return !Verdict.of(PolicyReader.read(JsonPatch.apply(document, fix)).resolved(), key, view).denied();
        } catch (InvalidDocumentException e) {
            return false;
        }
    }
}
