package dev.landlockstudio.compiler.except;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.policy.PathComponents;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.policy.RightSet;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns path-beneath rules with except paths into rules the kernel has (Landlock has no deny rule): the rule's rights
 * on every entry that exists, in the view, in the rule's path and in each directory on the way down to an excepted
 * path, except the excepted paths and those directories themselves, which get nothing from the rule (a rule on one
 * would cover the excepted path). Non-directories get only the rights a rule on a file may carry. Rules bind to
 * existing inodes, so entries created later in those directories are not covered: the report always says so.
 */
public final class Excepts {

    /** The policy with no except left, and what the expansion did. */
    public record Expansion(ResolvedPolicy policy, List<ReportItem> items) {
    }

    /** How to give a view, said wherever one is missing. */
    public static final String HOW_TO_GIVE_A_VIEW = "give a filesystem view: --fs-view FILE or --host-view on the"
            + " command line (try and the web server's dry runs read this host's)";

    private final ResolvedPolicy.PathRule rule;
    private final FsView view;
    private final List<ReportItem> items;
    private final List<Problem> problems;
    private final List<String> kept = new ArrayList<>();
    private final List<String> directories = new ArrayList<>();
    private final List<String> files = new ArrayList<>();

    private Excepts(ResolvedPolicy.PathRule rule, FsView view, List<ReportItem> items, List<Problem> problems) {
        this.rule = rule;
        this.view = view;
        this.items = items;
        this.problems = problems;
    }

    /**
     * {@code policy} with every except expanded against {@code view}; the policy itself when it has none. Throws when
     * it has some and the view is empty (nothing to expand against), or when a directory on the way is a symlink.
     */
    public static Expansion expand(ResolvedPolicy policy, FsView view) {
        if (!policy.hasExcepts()) {
            return new Expansion(policy, List.of());
        }
        if (view.isEmpty()) {
            List<Problem> problems = new ArrayList<>();
            for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
                for (int j = 0; j < rule.except().size(); j++) {
                    problems.add(new Problem(rule.exceptPointer(j), "except needs to know what exists beside "
                            + rule.except().get(j) + " (the rule becomes rules on those entries): " + HOW_TO_GIVE_A_VIEW));
                }
            }
            throw new InvalidDocumentException(problems);
        }
        List<ReportItem> items = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<ResolvedPolicy.PathRule> rules = new ArrayList<>();
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            if (rule.except().isEmpty()) {
                rules.add(rule);
                continue;
            }
            rules.addAll(new Excepts(rule, view, items, problems).expandRule());
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems);
        }
        return new Expansion(new ResolvedPolicy(policy.name(), policy.abi(), policy.compatibility(), policy.handled(),
                policy.quiet(), List.copyOf(rules), policy.portRules(), policy.restrictFlags()), List.copyOf(items));
    }

    /** The directories whose entries an expansion of {@code policy} reads: each rule path with excepts and the way down. */
    public static Set<String> directoriesToList(ResolvedPolicy policy) {
        Set<String> directories = new LinkedHashSet<>();
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            for (String except : rule.except()) {
                for (String written : rule.paths()) {
                    String path = PathComponents.clean(written);
                    if (isStrictlyBeneath(except, path)) {
                        directories.addAll(way(path, except));
                    }
                }
            }
        }
        return directories;
    }

    /**
     * Why an except of {@code policy} leaves {@code path} without that rule's rights, in words for explain and the
     * picture; empty when no except concerns it. {@code view} tells entries created after the expansion.
     */
    public static Optional<String> note(ResolvedPolicy policy, FsView view, String path) {
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            for (int j = 0; j < rule.except().size(); j++) {
                String except = rule.except().get(j);
                String why = "excepted from rule " + rule.number() + " (" + rule.exceptPointer(j) + ")";
                if (path.equals(except)) {
                    return Optional.of(path + " is " + why + ": that rule grants nothing on it or beneath it");
                }
                if (isStrictlyBeneath(path, except)) {
                    return Optional.of(path + " is beneath " + except + ", " + why + ": that rule grants nothing there");
                }
                for (String written : rule.paths()) {
                    String top = PathComponents.clean(written);
                    if (!isStrictlyBeneath(except, top)) {
                        continue;
                    }
                    List<String> way = way(top, except);
                    if (way.contains(path)) {
                        return Optional.of(path + " holds " + except + ", " + why + ": the rule covers the entries that"
                                + " existed in " + path + ", not " + path + " itself");
                    }
                    if (way.contains(FsView.parent(path)) && !view.exists(path)) {
                        return Optional.of(path + " is not in the filesystem view the rule was expanded against: beside "
                                + except + ", " + why + ", rule " + rule.number() + " covers only the entries that existed,"
                                + " not one created later");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private List<ResolvedPolicy.PathRule> expandRule() {
        for (int i = 0; i < rule.paths().size(); i++) {
            expandPath(i);
        }
        List<ResolvedPolicy.PathRule> rules = new ArrayList<>();
        if (!kept.isEmpty()) {
            rules.add(generated(kept, rule.allowed()));
        }
        if (!directories.isEmpty()) {
            rules.add(generated(directories, rule.allowed()));
        }
        RightSet fileRights = rule.allowed().only(AbiTable.fileRights());
        if (!files.isEmpty() && (!fileRights.isEmpty() || rule.quiet())) {
            rules.add(generated(files, fileRights));
        }
        return rules;
    }

    private ResolvedPolicy.PathRule generated(List<String> paths, RightSet allowed) {
        return new ResolvedPolicy.PathRule(rule.pointer(), List.copyOf(paths), allowed, rule.ifMissing(), rule.quiet());
    }

    /** Expands the rule's path {@code i} against the excepts beneath it. */
    private void expandPath(int i) {
        String top = PathComponents.clean(rule.paths().get(i));
        // Each directory that holds an excepted path gets nothing; the first except on its way names it in the report.
        Map<String, Integer> ancestors = new TreeMap<>();
        Map<String, Integer> excepted = new LinkedHashMap<>();
        for (int j = 0; j < rule.except().size(); j++) {
            String except = rule.except().get(j);
            if (!isStrictlyBeneath(except, top) || !onRealWay(top, except, j)) {
                continue;
            }
            if (!view.exists(except)) {
                continue;
            }
            excepted.put(except, j);
            for (String directory : way(top, except)) {
                ancestors.putIfAbsent(directory, j);
            }
        }
        // An except beneath another adds nothing: the outer one's whole subtree is already left out.
        excepted.keySet().removeIf(e -> excepted.keySet().stream().anyMatch(o -> isStrictlyBeneath(e, o)));
        ancestors.keySet().removeIf(a -> excepted.keySet().stream().anyMatch(o -> a.equals(o) || isStrictlyBeneath(a, o)));
        for (int j = 0; j < rule.except().size(); j++) {
            String except = rule.except().get(j);
            boolean inExcepted = excepted.keySet().stream().anyMatch(o -> isStrictlyBeneath(except, o));
            if (isStrictlyBeneath(except, top) && !view.exists(except) && !inExcepted) {
                reportMissing(j, top, ancestors.keySet());
            }
        }
        if (excepted.isEmpty()) {
            kept.add(rule.paths().get(i));
            return;
        }
        List<String> covered = new ArrayList<>();
        List<String> masked = new ArrayList<>();
        for (Map.Entry<String, Integer> ancestor : ancestors.entrySet()) {
            for (String entry : view.children(ancestor.getKey())) {
                if (excepted.containsKey(entry) || ancestors.containsKey(entry)) {
                    continue;
                }
                FsView.Type type = view.listedType(entry);
                if (type == FsView.Type.SYMLINK) {
                    items.add(new ReportItem(Severity.INFO, ReportCode.EXCEPT_EXPANDED, rule.exceptPointer(ancestor.getValue()),
                            entry + " is a symlink (to " + view.symlinkTarget(entry) + "): it gets no rule, since a rule on"
                                    + " it would bind to its target; what it leads to is governed by the rules there"));
                } else if (type == null || type == FsView.Type.DIRECTORY) {
                    directories.add(entry);
                    covered.add(entry);
                } else {
                    files.add(entry);
                    covered.add(entry);
                    masked.add(entry);
                }
            }
        }
        String exceptList = String.join(", ", excepted.keySet());
        items.add(new ReportItem(Severity.INFO, ReportCode.EXCEPT_EXPANDED, rule.pathPointer(i), "rule " + rule.number()
                + " on " + top + " except " + exceptList + " becomes " + covered.size() + " rule"
                + (covered.size() == 1 ? "" : "s") + " on what exists beside " + (excepted.size() == 1 ? "it" : "them")
                + (covered.isEmpty() ? "" : ": " + String.join(", ", covered))
                + fileNote(masked)));
        for (Map.Entry<String, Integer> except : excepted.entrySet()) {
            List<String> way = way(top, except.getKey()).stream().filter(ancestors::containsKey).toList();
            items.add(new ReportItem(Severity.WARNING, ReportCode.EXCEPT_NOT_COVERED, rule.exceptPointer(except.getValue()),
                    "rule " + rule.number() + " covers only the entries that exist now in " + String.join(", ", way)
                            + " beside " + except.getKey() + ", not " + (way.size() == 1 ? "that directory" : "those directories")
                            + " themselves: Landlock binds rules to existing inodes, so an entry created there later is not"
                            + " covered and is denied, and so is what needs a right on " + (way.size() == 1 ? "it" : "them")
                            + " (listing, creating or removing entries)"));
        }
    }

    private String fileNote(List<String> masked) {
        long lost = rule.allowed().mask() & ~AbiTable.fileRights();
        if (masked.isEmpty() || lost == 0) {
            return "";
        }
        boolean nothing = (rule.allowed().mask() & AbiTable.fileRights()) == 0;
        return "; " + String.join(", ", masked) + (masked.size() == 1 ? " is not a directory" : " are not directories")
                + ": " + String.join(", ", AbiTable.names(RightKind.FS, lost)) + " only apply to directories and are left out"
                + " there (the kernel refuses them on a file with EINVAL)" + (nothing && !rule.quiet() ? ", so nothing is left"
                + " and no rule is added for " + (masked.size() == 1 ? "it" : "them") : "");
    }

    /** An except that does not exist in the view excludes nothing; what that means for it if it is created later. */
    private void reportMissing(int j, String top, Set<String> ancestors) {
        String except = rule.except().get(j);
        String nearest = FsView.parent(except);
        while (!nearest.equals(top) && !view.exists(nearest)) {
            nearest = FsView.parent(nearest);
        }
        boolean denied = ancestors.contains(nearest) && !nearest.equals(except);
        items.add(new ReportItem(Severity.WARNING, ReportCode.EXCEPT_MISSING, rule.exceptPointer(j), except
                + " does not exist in the filesystem view, so there is nothing to exclude: " + (denied
                ? nearest + " holds another excepted path and gets no rule, so " + except + ", if created later, is denied"
                  + " like any new entry there"
                : "rule " + rule.number() + " still covers " + nearest + " and everything beneath it, so " + except
                  + ", if created later, is allowed")));
    }

    /** Whether the view reaches {@code except} from {@code top} without a symlink; reports the first one otherwise. */
    private boolean onRealWay(String top, String except, int j) {
        for (String directory : way(top, except)) {
            String resolved = view.resolve(directory, true);
            if (!resolved.equals(directory)) {
                problems.add(new Problem(rule.exceptPointer(j), directory + " leads to " + resolved + " through a symlink"
                        + " in the filesystem view: the kernel's rules bind to what a path leads to, so except needs real"
                        + " directories on its way; write the rule on " + resolved + " instead"));
                return false;
            }
        }
        return true;
    }

    /** {@code top} and every directory below it down to {@code except}'s parent. */
    private static List<String> way(String top, String except) {
        List<String> way = new ArrayList<>();
        for (String p = FsView.parent(except); isStrictlyBeneath(p, top) || p.equals(top); p = FsView.parent(p)) {
            way.add(0, p);
            if (p.equals("/")) {
                break;
            }
        }
        return way;
    }

    private static boolean isStrictlyBeneath(String path, String ancestor) {
        return !path.equals(ancestor) && path.startsWith(ancestor.equals("/") ? "/" : ancestor + "/");
    }
}
