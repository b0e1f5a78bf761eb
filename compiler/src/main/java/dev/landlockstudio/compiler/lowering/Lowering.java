package dev.landlockstudio.compiler.lowering;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AbiVersion;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.except.Excepts;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.fs.PathKinds;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.policy.RightSet;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.report.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a resolved policy to one kernel ABI and target (DESIGN.md "Lowering", lowering-cases.md): cuts
 * everything to what both can express, applies the compatibility level, and reports every drop.
 */
public final class Lowering {

    /** The ruleset to emit, the report, and whether a hard requirement refused the compile. */
    public record Result(Ruleset ruleset, List<ReportItem> items, boolean refused) {
    }

    private record Pending(ReportCode code, String pointer, String message) {
    }

    private final ResolvedPolicy policy;
    private final AbiVersion abi;
    private final Vocabulary vocabulary;
    private final PathKinds pathKinds;
    private final boolean quietExpressible;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<RightKind, Long> handled = new EnumMap<>(RightKind.class);

    private Lowering(ResolvedPolicy policy, int abi, Vocabulary vocabulary, PathKinds pathKinds) {
        this.policy = policy;
        this.abi = AbiTable.version(abi);
        this.vocabulary = vocabulary;
        this.pathKinds = pathKinds;
        this.quietExpressible = this.abi.quiet() && vocabulary.quiet();
    }

    /**
     * Lowers {@code policy} as {@code view} describes the filesystem: except paths are expanded against it first
     * (every target goes through here, so none sees one), and paths it says are files keep only file rights.
     */
    public static Result lower(ResolvedPolicy policy, int abi, Vocabulary vocabulary, FsView view) {
        Excepts.Expansion expansion = Excepts.expand(policy, view);
        Result lowered = new Lowering(expansion.policy(), abi, vocabulary, view.pathKinds()).lower();
        if (expansion.items().isEmpty()) {
            return lowered;
        }
        List<ReportItem> items = new ArrayList<>(expansion.items());
        items.addAll(lowered.items());
        return new Result(lowered.ruleset(), List.copyOf(items), lowered.refused());
    }

    private Result lower() {
        for (RightKind kind : ResolvedPolicy.HANDLED_KINDS) {
            RightSet asked = policy.handled(kind);
            dropInexpressible(asked, ReportCode.HANDLED_DROPPED, "no longer restricted: allowed everywhere");
            handled.put(kind, asked.mask() & expressible(kind));
        }
        addAlwaysHandled();
        String refusal = ToolLimits.strictAbiRefusal(vocabulary, policy.compatibility(), abi.number());
        if (refusal != null) {
            pending.add(new Pending(ReportCode.TOOL_NEEDS_ABI, "/compatibility", refusal));
        }
        Map<RightKind, Long> quiet = lowerQuietSets();
        RightSet flags = policy.restrictFlags();
        dropInexpressible(flags, ReportCode.FLAG_DROPPED, "not passed to landlock_restrict_self");
        long restrictFlags = flags.mask() & expressible(RightKind.RESTRICT_FLAG);
        List<Ruleset.PathBeneath> pathBeneath = lowerPathRules();
        List<Ruleset.NetPort> netPort = lowerPortRules();

        boolean nothingHandled = ResolvedPolicy.HANDLED_KINDS.stream().allMatch(k -> handled.get(k) == 0)
                || referMakesNothing(pathBeneath);
        if (nothingHandled && pending.stream().noneMatch(p -> p.code() == ReportCode.NOTHING_ENFORCED)) {
            pending.add(new Pending(ReportCode.NOTHING_ENFORCED, "", "nothing this policy handles can be expressed at ABI "
                    + abi.number() + " for " + vocabulary.format() + ": no ruleset is applied, nothing is restricted"));
        }
        boolean somethingLost = pending.stream().anyMatch(p -> p.code().inexpressible());
        Compatibility compatibility = policy.compatibility();
        return switch (compatibility.outcome(somethingLost, nothingHandled)) {
            case REFUSED -> new Result(Ruleset.notEnforced(abi.number()), items(Severity.ERROR), true);
            case NOT_ENFORCED -> {
                if (!nothingHandled) {
                    pending.add(new Pending(ReportCode.NOT_ENFORCED, "/compatibility", compatibility.documentName()
                            + ": part of the policy cannot be expressed at ABI " + abi.number() + " for " + vocabulary.format()
                            + " (listed above), so nothing is enforced"));
                }
                yield new Result(Ruleset.notEnforced(abi.number()), items(Severity.WARNING), false);
            }
            case ENFORCED -> {
                Ruleset ruleset = new Ruleset(abi.number(), true,
                        handled.get(RightKind.FS), handled.get(RightKind.NET), handled.get(RightKind.SCOPE),
                        quiet.get(RightKind.FS), quiet.get(RightKind.NET), quiet.get(RightKind.SCOPE),
                        Ruleset.attrSizeFor(handled.get(RightKind.NET), handled.get(RightKind.SCOPE),
                                quiet.get(RightKind.FS), quiet.get(RightKind.NET), quiet.get(RightKind.SCOPE)),
                        pathBeneath, netPort, restrictFlags);
                yield new Result(ruleset, items(Severity.WARNING), false);
            }
        };
    }

    private long expressible(RightKind kind) {
        return expressible(kind, abi.number(), vocabulary);
    }

    /** The bits of {@code kind} that both ABI {@code abi} and a format of this vocabulary can express. */
    public static long expressible(RightKind kind, int abi, Vocabulary vocabulary) {
        return AbiTable.mask(kind, abi) & vocabulary.known(kind);
    }

    private Map<RightKind, Long> lowerQuietSets() {
        Map<RightKind, Long> quiet = new EnumMap<>(RightKind.class);
        for (RightKind kind : ResolvedPolicy.HANDLED_KINDS) {
            RightSet asked = policy.quiet(kind);
            if (!quietExpressible && !asked.isEmpty()) {
                asked.byOrigin(asked.mask()).keySet().forEach(pointer -> pending.add(new Pending(ReportCode.QUIET_DROPPED,
                        pointer, "quiet sets " + quietReason() + ": these denials are logged as usual")));
            }
            quiet.put(kind, quietExpressible ? asked.mask() & handled.get(kind) : 0L);
        }
        return quiet;
    }

    private List<Ruleset.PathBeneath> lowerPathRules() {
        // Sized for every path at once: growing a table of thousands of paths rehashes each of them several times.
        int paths = policy.pathRules().stream().mapToInt(rule -> rule.paths().size()).sum();
        Map<String, Ruleset.PathBeneath> byPath = new LinkedHashMap<>(paths * 4 / 3 + 1);
        List<String> skipping = new ArrayList<>();
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            long allowed = lowerRule(rule.pointer(), rule.allowed(), rule.quiet());
            boolean quiet = rule.quiet() && quietExpressible;
            if (allowed == 0 && !quiet) {
                continue;
            }
            if (vocabulary.missingPaths() != null && vocabulary.missingPaths() != rule.ifMissing()) {
                pending.add(new Pending(ReportCode.IF_MISSING_FIXED, rule.pointer(), "ifMissing is "
                        + rule.ifMissing().documentName() + " but " + vocabulary.format() + " always treats a missing path as "
                        + vocabulary.missingPaths().documentName()));
            }
            if (rule.ifMissing() == IfMissing.SKIP) {
                skipping.add(rule.pointer());
            }
            for (int j = 0; j < rule.paths().size(); j++) {
                String path = rule.paths().get(j);
                long onPath = maskForFile(rule, j, allowed);
                if (onPath == 0 && !quiet) {
                    continue;
                }
                byPath.merge(path, new Ruleset.PathBeneath(path, onPath, rule.ifMissing(), quiet), Lowering::merge);
            }
        }
        return vocabulary.oneIfMissing() ? oneIfMissing(byPath, skipping) : List.copyOf(byPath.values());
    }

    /**
     * One missing-path behaviour for all rules: skip only when every rule skips; otherwise the rules that skip fail
     * too, and are reported.
     */
    private List<Ruleset.PathBeneath> oneIfMissing(Map<String, Ruleset.PathBeneath> byPath, List<String> skipping) {
        if (byPath.values().stream().allMatch(p -> p.ifMissing() == IfMissing.SKIP)) {
            return List.copyOf(byPath.values());
        }
        skipping.forEach(pointer -> pending.add(new Pending(ReportCode.IF_MISSING_FIXED, pointer, "ifMissing is skip, but "
                + vocabulary.format() + " has one missing-path behaviour for every rule and other rules fail: this rule's"
                + " missing paths fail too")));
        return byPath.values().stream().map(p -> new Ruleset.PathBeneath(p.path(), p.allowedAccess(), IfMissing.FAIL, p.quiet()))
                .toList();
    }

    private List<Ruleset.NetPort> lowerPortRules() {
        Map<Integer, Ruleset.NetPort> byPort = new LinkedHashMap<>();
        for (ResolvedPolicy.PortRule rule : policy.portRules()) {
            long allowed = lowerRule(rule.pointer(), rule.allowed(), rule.quiet());
            boolean quiet = rule.quiet() && quietExpressible;
            if (allowed == 0 && !quiet) {
                continue;
            }
            for (int port : rule.ports()) {
                byPort.merge(port, new Ruleset.NetPort(port, allowed, quiet),
                        (a, b) -> new Ruleset.NetPort(port, a.allowedAccess() | b.allowedAccess(), a.quiet() || b.quiet()));
            }
        }
        return List.copyOf(byPort.values());
    }

    /** The rights a rule keeps at this ABI and target; reports what it loses, and the rule if nothing is left. */
    private long lowerRule(String pointer, RightSet allowed, boolean quiet) {
        dropInexpressible(allowed, ReportCode.RULE_RIGHTS_DROPPED, "no longer granted by this rule");
        if (quiet && !quietExpressible) {
            pending.add(new Pending(ReportCode.QUIET_DROPPED, pointer + "/quiet", "quiet rules " + quietReason()));
        }
        long kept = allowed.mask() & handled.get(allowed.kind());
        if (allowed.kind() == RightKind.FS && !vocabulary.fsGrants().isEmpty()) {
            kept = wholeGrants(allowed, kept);
        }
        if (kept == 0 && !(quiet && quietExpressible)) {
            pending.add(new Pending(ReportCode.RULE_DROPPED, pointer, "nothing this rule grants can be expressed at ABI "
                    + abi.number() + " for " + vocabulary.format() + ": the rule is dropped"));
        }
        return kept;
    }

    /**
     * The rights the format handles though the policy does not: always (fs), or with the other rights of a kind the
     * format handles whole. They are denied wherever no rule grants them.
     */
    private void addAlwaysHandled() {
        addHandled(RightKind.FS, vocabulary.alwaysHandledFs(), " always handled by " + vocabulary.format());
        for (RightKind kind : ResolvedPolicy.HANDLED_KINDS) {
            if (handled.get(kind) != 0) {
                addHandled(kind, vocabulary.handledWhole(kind), " handled by " + vocabulary.format() + " with the "
                        + kind.name().toLowerCase() + " rights the policy handles, since it handles all or none of them");
            }
        }
    }

    private void addHandled(RightKind kind, long rights, String why) {
        long added = rights & AbiTable.mask(kind, abi.number()) & ~handled.get(kind);
        if (added != 0) {
            pending.add(new Pending(ReportCode.HANDLED_ADDED, "/" + kind.policyKey(), String.join(", ", AbiTable.names(kind, added))
                    + why + ": denied wherever no rule grants them, where the policy leaves them allowed everywhere"));
            handled.merge(kind, added, (a, b) -> a | b);
        }
    }

    /** Whether the tool applies nothing for a rule asking for refer the ABI lacks (reported). */
    private boolean referMakesNothing(List<Ruleset.PathBeneath> rules) {
        List<String> paths = ToolLimits.pathsAskingMissingRefer(vocabulary, abi.number(), handled.get(RightKind.FS), rules);
        if (!paths.isEmpty()) {
            pending.add(new Pending(ReportCode.NOTHING_ENFORCED, "", vocabulary.format() + " asks for refer on "
                    + String.join(", ", paths) + " (its write set on a directory), which ABI " + abi.number()
                    + " lacks: go-landlock then applies nothing, so no ruleset is applied, nothing is restricted"));
        }
        return !paths.isEmpty();
    }

    /**
     * The format's fs grant sets, cut to what is handled, that the rule holds whole; the rights outside them are
     * reported, since granting their whole set would grant more than the rule says.
     */
    private long wholeGrants(RightSet allowed, long kept) {
        long handledFs = handled.get(RightKind.FS);
        long whole = 0;
        for (long grant : vocabulary.fsGrants()) {
            long cut = grant & handledFs;
            if (cut != 0 && (kept & cut) == cut) {
                whole |= cut;
            }
        }
        allowed.byOrigin(kept & ~whole).forEach((pointer, rights) -> {
            for (AccessRight right : rights) {
                pending.add(new Pending(ReportCode.RULE_RIGHTS_DROPPED, pointer, right.name() + " is granted by "
                        + vocabulary.format() + " only together with " + String.join(", ", AbiTable.names(RightKind.FS,
                        smallestGrantWith(right.value(), handledFs) & ~kept))
                        + ", which this rule does not grant: no longer granted by this rule"));
            }
        });
        return whole;
    }

    private long smallestGrantWith(long right, long handledFs) {
        return vocabulary.fsGrants().stream().map(g -> g & handledFs).filter(g -> (g & right) != 0)
                .min(Comparator.comparingInt(Long::bitCount)).orElse(right);
    }

    /** A rule on a known file keeps only the rights the kernel accepts on a file (landlock-facts.md §1.7). */
    private long maskForFile(ResolvedPolicy.PathRule rule, int index, long allowed) {
        String path = rule.paths().get(index);
        if (pathKinds.kindOf(path) != PathKinds.Kind.FILE) {
            return allowed;
        }
        long masked = allowed & AbiTable.fileRights();
        if (masked != allowed) {
            pending.add(new Pending(ReportCode.FILE_RIGHTS_MASKED, rule.pathPointer(index), path + " is a file: "
                    + String.join(", ", AbiTable.names(RightKind.FS, allowed & ~masked))
                    + " only apply to directories and are removed (the kernel refuses them on a file with EINVAL)"
                    + (masked == 0 ? "; nothing is left, so no rule is added for it" : "")));
        }
        return masked;
    }

    /** Reports every bit of {@code asked} this ABI and target cannot express, at the place it was written. */
    private void dropInexpressible(RightSet asked, ReportCode code, String consequence) {
        long lost = asked.mask() & ~expressible(asked.kind());
        asked.byOrigin(lost).forEach((pointer, rights) -> {
            for (AccessRight right : rights) {
                pending.add(referAtAbi1(right, code)
                        ? new Pending(ReportCode.REFER_ABI1, pointer, "refer cannot be handled at ABI 1: the kernel then"
                                + " denies every rename or link across directories (EXDEV), whatever the rules grant;"
                                + " same-directory renames still work")
                        : new Pending(code, pointer, right.name() + " " + reason(right) + ": " + consequence));
            }
        });
    }

    private boolean referAtAbi1(AccessRight right, ReportCode code) {
        return code == ReportCode.HANDLED_DROPPED && right.kind() == RightKind.FS && right.name().equals("refer")
                && right.firstAbi() > abi.number();
    }

    private String reason(AccessRight right) {
        if (right.firstAbi() > abi.number()) {
            return "needs ABI " + right.firstAbi() + " (Linux " + AbiTable.version(right.firstAbi()).linux()
                    + "), not ABI " + abi.number();
        }
        return "has no name in " + vocabulary.format();
    }

    private String quietReason() {
        return abi.quiet() ? "have no name in " + vocabulary.format()
                : "need ABI " + AbiTable.quietFirstAbi() + ", not ABI " + abi.number();
    }

    private static Ruleset.PathBeneath merge(Ruleset.PathBeneath a, Ruleset.PathBeneath b) {
        IfMissing ifMissing = a.ifMissing() == IfMissing.FAIL || b.ifMissing() == IfMissing.FAIL ? IfMissing.FAIL : IfMissing.SKIP;
        return new Ruleset.PathBeneath(a.path(), a.allowedAccess() | b.allowedAccess(), ifMissing, a.quiet() || b.quiet());
    }

    /** Pending items with their severity: what cannot be expressed is {@code lossSeverity}. */
    private List<ReportItem> items(Severity lossSeverity) {
        return pending.stream().map(p -> new ReportItem(severity(p.code(), lossSeverity), p.code(), p.pointer(), p.message()))
                .toList();
    }

    private static Severity severity(ReportCode code, Severity lossSeverity) {
        if (code.inexpressible()) {
            return lossSeverity;
        }
        return code == ReportCode.FILE_RIGHTS_MASKED ? Severity.INFO : Severity.WARNING;
    }
}
