package dev.landlockstudio.compiler.policy;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessGroup;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives a schema-valid document its meaning and finds what the schema cannot: rights newer than the
 * policy's {@code abi}, rule rights that are not handled, empty rules, relative paths, a policy that
 * restricts nothing.
 */
final class PolicyResolver {

    private final Policy policy;
    private final int abi;
    private final List<Problem> problems = new ArrayList<>();

    private PolicyResolver(Policy policy) {
        this.policy = policy;
        this.abi = policy.abiOrDefault();
    }

    /** Resolves {@code policy}, or throws with every semantic problem found. */
    static ResolvedPolicy resolve(Policy policy) {
        return new PolicyResolver(policy).resolve();
    }

    private ResolvedPolicy resolve() {
        Map<RightKind, RightSet> handled = new EnumMap<>(RightKind.class);
        Map<RightKind, RightSet> quiet = new EnumMap<>(RightKind.class);
        for (RightKind kind : ResolvedPolicy.HANDLED_KINDS) {
            String key = "/" + kind.policyKey();
            List<String> names = policy.handled(kind);
            handled.put(kind, names == null
                    ? RightSet.of(kind, AccessGroup.ALL.expand(kind, abi), key)
                    : names(kind, names, key));
        }
        for (RightKind kind : ResolvedPolicy.HANDLED_KINDS) {
            quiet.put(kind, quietSet(kind, handled.get(kind)));
        }
        if (handled.values().stream().allMatch(RightSet::isEmpty)) {
            problems.add(new Problem("", "the policy restricts nothing at abi " + abi
                    + ": handledAccessFs, handledAccessNet and scoped are all empty; handle at least one right"));
        }
        List<ResolvedPolicy.PathRule> pathRules = pathRules(handled.get(RightKind.FS));
        List<ResolvedPolicy.PortRule> portRules = portRules(handled.get(RightKind.NET));
        RightSet flags = policy.restrictSelf() == null
                ? RightSet.empty(RightKind.RESTRICT_FLAG)
                : names(RightKind.RESTRICT_FLAG, policy.restrictSelf(), "/restrictSelf");
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems);
        }
        Compatibility compatibility = policy.compatibility() == null ? Compatibility.BEST_EFFORT : policy.compatibility();
        return new ResolvedPolicy(policy.name(), abi, compatibility, Map.copyOf(handled), Map.copyOf(quiet),
                pathRules, portRules, flags);
    }

    private RightSet quietSet(RightKind kind, RightSet handledSet) {
        List<String> names = policy.quiet(kind);
        String key = "/" + Policy.quietKey(kind);
        if (names == null || names.isEmpty()) {
            return RightSet.empty(kind);
        }
        if (abi < AbiTable.quietFirstAbi()) {
            problems.add(new Problem(key, "quiet sets need ABI " + AbiTable.quietFirstAbi()
                    + " but the policy's abi is " + abi + ": raise abi or remove " + Policy.quietKey(kind)));
            return RightSet.empty(kind);
        }
        RightSet quietSet = names(kind, names, key);
        requireHandled(quietSet, handledSet, "quiet");
        return quietSet;
    }

    private List<ResolvedPolicy.PathRule> pathRules(RightSet handledFs) {
        List<ResolvedPolicy.PathRule> rules = new ArrayList<>();
        List<PathBeneathRule> written = policy.pathBeneath() == null ? List.of() : policy.pathBeneath();
        for (int i = 0; i < written.size(); i++) {
            PathBeneathRule rule = written.get(i);
            String pointer = "/pathBeneath/" + i;
            for (int j = 0; j < rule.paths().size(); j++) {
                String problem = pathProblem(rule.paths().get(j));
                if (problem != null) {
                    problems.add(new Problem(pointer + "/paths/" + j, problem));
                }
            }
            List<String> except = new ArrayList<>();
            List<String> writtenExcept = rule.except() == null ? List.of() : rule.except();
            for (int j = 0; j < writtenExcept.size(); j++) {
                String problem = exceptProblem(writtenExcept.get(j), rule.paths());
                if (problem != null) {
                    problems.add(new Problem(pointer + "/except/" + j, problem));
                }
                // Kept as one trailing-slash-free spelling, so that comparing paths is comparing strings.
                except.add(PathComponents.clean(writtenExcept.get(j)));
            }
            boolean quiet = Boolean.TRUE.equals(rule.quiet());
            RightSet allowed = ruleRights(RightKind.FS, rule.allowedAccess(), quiet, pointer, handledFs);
            IfMissing ifMissing = rule.ifMissing() == null ? IfMissing.FAIL : rule.ifMissing();
            rules.add(new ResolvedPolicy.PathRule(pointer, List.copyOf(rule.paths()), allowed, ifMissing, quiet, List.copyOf(except)));
        }
        return List.copyOf(rules);
    }

    private List<ResolvedPolicy.PortRule> portRules(RightSet handledNet) {
        List<ResolvedPolicy.PortRule> rules = new ArrayList<>();
        List<NetPortRule> written = policy.netPort() == null ? List.of() : policy.netPort();
        for (int i = 0; i < written.size(); i++) {
            NetPortRule rule = written.get(i);
            String pointer = "/netPort/" + i;
            boolean quiet = Boolean.TRUE.equals(rule.quiet());
            RightSet allowed = ruleRights(RightKind.NET, rule.allowedAccess(), quiet, pointer, handledNet);
            rules.add(new ResolvedPolicy.PortRule(pointer, List.copyOf(rule.ports()), allowed, quiet));
        }
        return List.copyOf(rules);
    }

    private RightSet ruleRights(RightKind kind, List<String> names, boolean quiet, String rulePointer, RightSet handledSet) {
        String pointer = rulePointer + "/allowedAccess";
        if (quiet && abi < AbiTable.quietFirstAbi()) {
            problems.add(new Problem(rulePointer + "/quiet", "quiet rules need ABI " + AbiTable.quietFirstAbi()
                    + " but the policy's abi is " + abi + ": raise abi or remove \"quiet\""));
        }
        if (names.isEmpty() && !quiet) {
            problems.add(new Problem(pointer, "a rule must allow at least one right (the kernel refuses an empty rule"
                    + " with ENOMSG): add rights or remove the rule"));
        }
        RightSet allowed = names(kind, names, pointer);
        requireHandled(allowed, handledSet, "allowed");
        return allowed;
    }

    /** Every bit of {@code used} must be handled; the kernel answers EINVAL otherwise. */
    private void requireHandled(RightSet used, RightSet handledSet, String what) {
        used.byOrigin(~handledSet.mask()).forEach((pointer, rights) -> {
            String names = String.join(", ", rights.stream().map(AccessRight::name).toList());
            boolean one = rights.size() == 1;
            problems.add(new Problem(pointer, names + (one ? " is " : " are ") + what + " here but not handled: add "
                    + (one ? "it" : "them") + " to " + used.kind().policyKey()
                    + " (a right must be handled to be " + what + ")"));
        });
    }

    /** Resolves a list of right and group names of one kind; the items of a list are at {@code pointer}/i. */
    private RightSet names(RightKind kind, List<String> names, String pointer) {
        RightSet set = RightSet.empty(kind);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String at = pointer + "/" + i;
            Optional<AccessGroup> group = AccessGroup.named(name);
            if (group.isPresent()) {
                set = set.with(group.get().expand(kind, abi), at);
                continue;
            }
            AccessRight right = AbiTable.right(kind, name).orElseThrow(
                    () -> new IllegalStateException("the schema admitted unknown name " + name + " at " + at));
            if (right.firstAbi() > abi) {
                problems.add(new Problem(at, name + " needs ABI " + right.firstAbi() + " but the policy's abi is " + abi
                        + ": raise abi to at least " + right.firstAbi() + " or remove " + name));
                continue;
            }
            set = set.with(right.value(), at);
        }
        return set;
    }

    /** What is wrong with an except path, or null: it must be a clean path strictly beneath one of the rule's paths. */
    private static String exceptProblem(String path, List<String> rulePaths) {
        String problem = pathProblem(path);
        if (problem != null) {
            return problem;
        }
        List<String> clean = rulePaths.stream().map(PathComponents::clean).toList();
        String cleanPath = PathComponents.clean(path);
        if (clean.contains(cleanPath)) {
            return "\"" + path + "\" is one of the rule's paths: an except path must be strictly beneath one; to grant"
                    + " nothing there, remove the path from \"paths\"";
        }
        boolean beneath = clean.stream().anyMatch(p -> cleanPath.startsWith(p.equals("/") ? "/" : p + "/"));
        return beneath ? null : "\"" + path + "\" is not beneath any of the rule's paths (" + String.join(", ", rulePaths)
                + "): an except path names what the rule would otherwise cover";
    }

    /** What is wrong with a written path, or null. */
    private static String pathProblem(String path) {
        if (path.isEmpty()) {
            return "a path must not be empty: write an absolute path such as /usr";
        }
        if (!path.startsWith("/")) {
            return "\"" + path + "\" is relative: paths must be absolute (start with /)"
                    + " because a sandbox applies them wherever the program runs";
        }
        if (path.indexOf('\0') >= 0) {
            return "a path must not contain a NUL character";
        }
        String unclear = PathComponents.unclear(path);
        return unclear == null ? null : "\"" + path + "\" has " + unclear + ": the kernel's rules bind to real"
                + " paths, so write the path itself, such as " + PathComponents.clean(path);
    }
}
