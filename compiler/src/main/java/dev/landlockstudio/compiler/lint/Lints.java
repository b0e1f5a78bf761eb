package dev.landlockstudio.compiler.lint;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AbiVersion;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.lowering.Lowering;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.report.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a valid policy probably gets wrong: each finding has a code, the pointer it is about and what to do.
 * Shown by validate and in every compile report.
 */
public final class Lints {

    /** Paths that are symlinks on common distributions, and where they lead. */
    static final Map<String, String> USUAL_SYMLINKS = Map.of(
            "/etc/resolv.conf", "/run/systemd/resolve/stub-resolv.conf with systemd-resolved",
            "/etc/mtab", "/proc/self/mounts",
            "/etc/localtime", "a zone file under /usr/share/zoneinfo",
            "/etc/os-release", "/usr/lib/os-release",
            "/bin", "/usr/bin on merged-/usr systems",
            "/sbin", "/usr/sbin on merged-/usr systems",
            "/lib", "/usr/lib on merged-/usr systems",
            "/lib64", "/usr/lib64 on merged-/usr systems");

    /** Paths that are files (or devices) on every system. */
    static final Set<String> USUAL_FILES = Set.of("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom",
            "/dev/tty", "/etc/hosts", "/etc/hostname", "/etc/passwd", "/etc/group", "/etc/shadow", "/etc/resolv.conf",
            "/etc/nsswitch.conf", "/etc/localtime", "/etc/os-release", "/etc/mtab");

    private static final long WRITE_FILE = bit("write_file");
    private static final long MAKE_REG = bit("make_reg");
    private static final long TRUNCATE = bit("truncate");
    private static final long REFER = bit("refer");
    private static final long CREATE_OR_REMOVE = bit("remove_dir") | bit("remove_file") | bit("make_char") | bit("make_dir")
            | bit("make_reg") | bit("make_sock") | bit("make_fifo") | bit("make_block") | bit("make_sym");
    private static final long DIRECTORY_ONLY = AbiTable.mask(RightKind.FS, AbiTable.newest()) & ~AbiTable.fileRights();

    private final ResolvedPolicy policy;
    private final FsView view;
    private final List<ReportItem> items = new ArrayList<>();

    private Lints(ResolvedPolicy policy, FsView view) {
        this.policy = policy;
        this.view = view;
    }

    public static List<ReportItem> of(ResolvedPolicy policy, FsView view) {
        Lints lints = new Lints(policy, view);
        lints.truncate();
        lints.referOnOneSide();
        lints.neverGranted();
        lints.paths();
        List<RulePath> tree = lints.rulePathsAsTree();
        lints.coveredByAncestor(tree);
        lints.network();
        lints.nothingAtSomeAbi();
        Risks.of(policy, tree, lints.items);
        return List.copyOf(lints.items);
    }

    private void add(Severity severity, ReportCode code, String pointer, String message) {
        items.add(new ReportItem(severity, code, pointer, message));
    }

    private void truncate() {
        if ((policy.handled(RightKind.FS).mask() & TRUNCATE) == 0) {
            return;
        }
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            long allowed = rule.allowed().mask();
            if ((allowed & TRUNCATE) != 0) {
                continue;
            }
            if ((allowed & WRITE_FILE) != 0) {
                add(Severity.WARNING, ReportCode.WRITE_WITHOUT_TRUNCATE, rule.pointer() + "/allowedAccess", "grants write_file"
                        + " without truncate: open(O_TRUNC), ftruncate(2) and creat(2) on an existing file fail with EACCES;"
                        + " grant truncate too (the kernel documentation says to grant both together)");
            } else if ((allowed & MAKE_REG) != 0) {
                add(Severity.WARNING, ReportCode.WRITE_WITHOUT_TRUNCATE, rule.pointer() + "/allowedAccess", "grants make_reg"
                        + " without truncate: creat(2) on a file that already exists needs truncate");
            }
        }
    }

    private void referOnOneSide() {
        List<ResolvedPolicy.PathRule> withRefer = policy.pathRules().stream()
                .filter(r -> (r.allowed().mask() & REFER) != 0).toList();
        if (withRefer.isEmpty()) {
            return;
        }
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            long allowed = rule.allowed().mask();
            if ((allowed & REFER) == 0 && (allowed & CREATE_OR_REMOVE) != 0) {
                add(Severity.WARNING, ReportCode.REFER_ONE_SIDE, rule.pointer(), "files can be created or removed in "
                        + String.join(", ", rule.paths()) + " but refer is not granted there, while "
                        + withRefer.get(0).paths().get(0) + " grants it: renames and links between them fail with EXDEV");
            }
        }
    }

    private void neverGranted() {
        long grantedFs = 0;
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            grantedFs |= rule.allowed().mask();
        }
        long grantedNet = 0;
        for (ResolvedPolicy.PortRule rule : policy.portRules()) {
            grantedNet |= rule.allowed().mask();
        }
        // refer is denied by default even when not handled, so handling it without granting it changes nothing.
        report(policy.handled(RightKind.FS).byOrigin(~grantedFs & ~REFER));
        report(policy.handled(RightKind.NET).byOrigin(~grantedNet));
    }

    private void report(Map<String, List<dev.landlockstudio.compiler.abi.AccessRight>> neverGranted) {
        neverGranted.forEach((pointer, rights) -> add(Severity.INFO, ReportCode.NEVER_GRANTED, pointer,
                String.join(", ", rights.stream().map(r -> r.name()).toList()) + (rights.size() == 1 ? " is" : " are")
                        + " handled but no rule grants " + (rights.size() == 1 ? "it" : "them")
                        + ": denied everywhere. Right for a deny-all; otherwise grant it in a rule"));
    }

    private void paths() {
        boolean viewed = !view.isEmpty();
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            for (int j = 0; j < rule.paths().size(); j++) {
                String path = rule.paths().get(j);
                boolean known = viewed && view.knows(path);
                String target = viewed ? view.symlinkTarget(path) : null;
                if (target != null) {
                    add(Severity.WARNING, ReportCode.SYMLINK_RULE, rule.pathPointer(j), path + " is a symlink to " + target
                            + ": the rule binds to " + view.resolve(path, true) + ", and accesses are judged on resolved paths");
                } else if (!known && USUAL_SYMLINKS.containsKey(path)) {
                    add(Severity.INFO, ReportCode.SYMLINK_RULE, rule.pathPointer(j), path + " is often a symlink (to "
                            + USUAL_SYMLINKS.get(path) + "): the rule then binds to its target, and a rule on the target's"
                            + " directory is what covers accesses through it");
                }
                long dirOnly = rule.allowed().mask() & DIRECTORY_ONLY;
                boolean isFile = (viewed && view.isKnownNonDirectory(path)) || (!known && USUAL_FILES.contains(path));
                if (dirOnly != 0 && isFile) {
                    add(Severity.WARNING, ReportCode.DIRECTORY_RIGHTS_ON_FILE, rule.pathPointer(j), path + " is a file: "
                            + String.join(", ", AbiTable.names(RightKind.FS, dirOnly)) + " only apply to directories and"
                            + " are dropped when the rule is applied (the kernel refuses them on a file with EINVAL)");
                }
                FsView.OverlayMount overlay = viewed ? view.overlayLayerOf(path) : null;
                if (overlay != null) {
                    add(Severity.WARNING, ReportCode.OVERLAY_LAYER_RULE, rule.pathPointer(j), path + " is in a layer of the OverlayFS"
                            + " mount on " + overlay.merged() + ": rules on a layer do not cover the merged view; write the"
                            + " rule on the path under " + overlay.merged());
                }
            }
        }
    }

    /** One path of one rule, for the ancestor sweeps. */
    record RulePath(String path, ResolvedPolicy.PathRule rule, int index) {
    }

    /** Every rule path, sorted so that every ancestor comes before its descendants: sorted once for both sweeps. */
    private List<RulePath> rulePathsAsTree() {
        List<RulePath> paths = new ArrayList<>();
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            for (int j = 0; j < rule.paths().size(); j++) {
                paths.add(new RulePath(rule.paths().get(j), rule, j));
            }
        }
        paths.sort((x, y) -> compareAsTree(x.path(), y.path()));
        return paths;
    }

    /**
     * The rule paths in tree order swept once with a stack of the current path's ancestors: each path is compared
     * with its ancestors only.
     */
    private void coveredByAncestor(List<RulePath> paths) {
        ArrayDeque<RulePath> ancestors = new ArrayDeque<>();
        for (RulePath current : paths) {
            while (!ancestors.isEmpty() && !isAncestorOrSame(ancestors.peek().path(), current.path())) {
                ancestors.pop();
            }
            for (RulePath ancestor : ancestors) {
                if (!ancestor.path().equals(current.path())
                        && (current.rule().allowed().mask() & ~ancestor.rule().allowed().mask()) == 0) {
                    add(Severity.INFO, ReportCode.COVERED_BY_ANCESTOR, current.rule().pathPointer(current.index()),
                            current.path() + " is already covered by the rule on " + ancestor.path() + " ("
                                    + ancestor.rule().pointer() + "), which grants everything this rule does beneath it");
                    break;
                }
            }
            ancestors.push(current);
        }
    }

    /** Path order in which "/" sorts before every other character, so a directory's subtree is contiguous. */
    private static int compareAsTree(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return x == '/' ? -1 : y == '/' ? 1 : Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    static boolean isAncestorOrSame(String ancestor, String path) {
        if (ancestor.equals("/")) {
            return true;
        }
        // Most paths the sweep compares are siblings: lengths and the separator tell them apart before the text.
        if (path.length() == ancestor.length()) {
            return path.equals(ancestor);
        }
        return path.length() > ancestor.length() && path.charAt(ancestor.length()) == '/' && path.startsWith(ancestor);
    }

    private void network() {
        long tcp = bitNet("bind_tcp") | bitNet("connect_tcp");
        if ((policy.handled(RightKind.NET).mask() & tcp) != 0) {
            add(Severity.INFO, ReportCode.TCP_NOT_MPTCP, "/handledAccessNet", "TCP rights do not restrict MPTCP: a program"
                    + " that uses MPTCP (Go 1.24 and later listen with it by default) binds and connects on any port");
        }
        if ((policy.handled(RightKind.SCOPE).mask() & AbiTable.right(RightKind.SCOPE, "abstract_unix_socket").orElseThrow().value()) != 0) {
            add(Severity.INFO, ReportCode.SCOPE_BREAKS_IPC, "/scoped", "abstract UNIX sockets outside the sandbox become"
                    + " unreachable: X11 displays and D-Bus session buses often listen on them");
        }
    }

    /** The ABIs up to the policy's own where nothing it handles exists, in runs. */
    private void nothingAtSomeAbi() {
        List<Integer> empty = new ArrayList<>();
        for (AbiVersion version : AbiTable.VERSIONS) {
            if (version.number() > policy.abi()) {
                break;
            }
            boolean anything = ResolvedPolicy.HANDLED_KINDS.stream().anyMatch(kind ->
                    (policy.handled(kind).mask() & Lowering.expressible(kind, version.number(), Target.NATIVE.vocabulary())) != 0);
            if (!anything) {
                empty.add(version.number());
            }
        }
        if (!empty.isEmpty()) {
            int first = empty.get(0);
            int last = empty.get(empty.size() - 1);
            add(Severity.WARNING, ReportCode.NOTHING_AT_SOME_ABI, "", "on kernels with Landlock ABI "
                    + (first == last ? first : first + " to " + last) + " (Linux " + AbiTable.version(first).linux()
                    + (first == last ? "" : " to " + AbiTable.version(last).linux()) + ") nothing this policy handles"
                    + " exists, so it enforces nothing there");
        }
    }

    private static long bit(String fsRight) {
        return AbiTable.right(RightKind.FS, fsRight).orElseThrow().value();
    }

    private static long bitNet(String netRight) {
        return AbiTable.right(RightKind.NET, netRight).orElseThrow().value();
    }
}
