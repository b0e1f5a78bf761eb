package dev.landlockstudio.compiler.lint;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.report.Fix;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.report.Severity;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lints that are risks: what the policy leaves open that its author may not see, each with a fix when the fix is
 * mechanical. Part of {@link Lints}' one list.
 */
final class Risks {

    /** Trees where writing or creating files reaches what the whole system runs on or keeps secret. */
    static final Set<String> BROAD = Set.of("/", "/etc", "/home", "/proc", "/sys", "/dev");

    private static final long EXECUTE = fs("execute");
    private static final long WRITE_FILE = fs("write_file");
    private static final long MAKE_REG = fs("make_reg");
    private static final long MAKE_CHAR = fs("make_char");
    private static final long REMOVE_FILE = fs("remove_file");
    private static final long REFER = fs("refer");
    private static final long WRITING = WRITE_FILE | fs("remove_dir") | REMOVE_FILE | MAKE_CHAR | fs("make_dir")
            | MAKE_REG | fs("make_sock") | fs("make_fifo") | fs("make_block") | fs("make_sym");
    private static final long TCP = AbiTable.right(RightKind.NET, "bind_tcp").orElseThrow().value()
            | AbiTable.right(RightKind.NET, "connect_tcp").orElseThrow().value();
    private static final long SIGNAL = AbiTable.right(RightKind.SCOPE, "signal").orElseThrow().value();

    private final ResolvedPolicy policy;
    private final List<ReportItem> items;

    private Risks(ResolvedPolicy policy, List<ReportItem> items) {
        this.policy = policy;
        this.items = items;
    }

    /** Adds the policy's risks to {@code items}; {@code tree} is every rule path, ancestors first. */
    static void of(ResolvedPolicy policy, List<Lints.RulePath> tree, List<ReportItem> items) {
        Risks risks = new Risks(policy, items);
        risks.broadGrants();
        risks.writeAndExecute(tree);
        risks.notHandled();
        risks.restrictFlag("no_new_privs", ReportCode.NO_NEW_PRIVS, Severity.INFO, "restrict_self needs no_new_privs"
                + " (or CAP_SYS_ADMIN): without the no_new_privs flag the enforcer must call prctl(PR_SET_NO_NEW_PRIVS)"
                + " itself first, and a program that holds CAP_SYS_ADMIN and skips it can still gain privileges through"
                + " set-user-ID programs; with the flag, no_new_privs is set exactly when the restriction succeeds");
        risks.restrictFlag("tsync", ReportCode.NO_TSYNC, Severity.INFO, "without tsync only the thread that applies the"
                + " policy (and what it starts afterwards) is restricted: in a program that already runs several threads"
                + " (a JVM, a Go program) the other threads stay unrestricted; add tsync, or apply the policy before the"
                + " program starts threads");
        risks.errata();
    }

    private void add(Severity severity, ReportCode code, String pointer, String message, Fix fix) {
        items.add(new ReportItem(severity, code, pointer, message, fix));
    }

    private void broadGrants() {
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            long writing = rule.allowed().mask() & WRITING;
            if (writing == 0) {
                continue;
            }
            for (int j = 0; j < rule.paths().size(); j++) {
                String path = rule.paths().get(j);
                if (!BROAD.contains(path)) {
                    continue;
                }
                List<String> names = AbiTable.names(RightKind.FS, writing);
                add(Severity.WARNING, ReportCode.BROAD_GRANT, rule.pathPointer(j), String.join(", ", names)
                        + (names.size() == 1 ? " is" : " are") + " granted on " + path + " and everything beneath it:"
                        + " the program can change " + (path.equals("/") ? "the whole system" : "all of " + path)
                        + "; grant them on the few directories it writes to instead",
                        narrow(rule, j, writing, "stop writing and creating in " + path));
            }
        }
    }

    /**
     * A tree where a file can be written (or created) and executed: reported once, at the highest rule path where
     * the rules on it and its ancestors together grant both.
     */
    private void writeAndExecute(List<Lints.RulePath> paths) {
        record Open(String path, long effective, boolean reported) {
        }
        ArrayDeque<Open> ancestors = new ArrayDeque<>();
        for (Lints.RulePath current : paths) {
            while (!ancestors.isEmpty() && !Lints.isAncestorOrSame(ancestors.peek().path(), current.path())) {
                ancestors.pop();
            }
            long inherited = ancestors.isEmpty() ? 0 : ancestors.peek().effective();
            boolean reported = !ancestors.isEmpty() && ancestors.peek().reported();
            long effective = inherited | current.rule().allowed().mask();
            boolean risky = (effective & EXECUTE) != 0 && (effective & (WRITE_FILE | MAKE_REG)) != 0;
            if (risky && !reported) {
                long own = current.rule().allowed().mask();
                boolean alone = (own & EXECUTE) != 0 && (own & (WRITE_FILE | MAKE_REG)) != 0;
                add(Severity.INFO, ReportCode.WRITE_AND_EXECUTE, current.rule().pathPointer(current.index()),
                        "files under " + current.path() + " can be " + ((effective & WRITE_FILE) != 0 ? "written" : "created")
                                + " and executed" + (alone ? "" : " (with what the rules on its ancestors grant)")
                                + ": the program can run code it wrote, which defeats the point of limiting what it executes;"
                                + " keep the trees it writes and the trees it executes apart",
                        alone ? narrow(current.rule(), current.index(), EXECUTE, "stop executing in " + current.path()) : null);
                reported = true;
            }
            ancestors.push(new Open(current.path(), effective, reported));
        }
    }

    /** Rights the policy's ABI has but the policy does not handle: no rule can deny them (§2.1). */
    private void notHandled() {
        for (RightKind kind : ResolvedPolicy.HANDLED_KINDS) {
            // refer is denied by default even when not handled (§2.2).
            long unhandled = AbiTable.mask(kind, policy.abi()) & ~policy.handled(kind).mask() & ~(kind == RightKind.FS ? REFER : 0);
            if (unhandled == 0) {
                continue;
            }
            List<String> names = AbiTable.names(kind, unhandled);
            String key = "/" + kind.policyKey();
            boolean one = names.size() == 1;
            // Some handled and these left out is likely an oversight; none handled is a choice, worth knowing.
            add(policy.handled(kind).isEmpty() ? Severity.INFO : Severity.WARNING, ReportCode.NOT_HANDLED, key,
                    String.join(", ", names) + (one ? " is" : " are") + " not handled, so " + (one ? "it is" : "they are")
                            + " allowed everywhere, whatever the rules say; handle " + (one ? "it" : "them") + " to deny "
                            + (one ? "it" : "them") + " wherever no rule grants " + (one ? "it" : "them"),
                    new Fix("handle " + String.join(", ", names), names.stream()
                            .map(name -> Fix.Operation.add(key + "/-", name)).toList()));
        }
    }

    /** A restrict-self flag the policy's ABI has and the policy does not pass. */
    private void restrictFlag(String flag, ReportCode code, Severity severity, String message) {
        AccessRight right = AbiTable.right(RightKind.RESTRICT_FLAG, flag).orElseThrow();
        if (policy.abi() < right.firstAbi() || (policy.restrictFlags().mask() & right.value()) != 0) {
            return;
        }
        Fix.Operation add = policy.restrictFlags().isEmpty()
                ? Fix.Operation.add("/restrictSelf", List.of(flag))
                : Fix.Operation.add("/restrictSelf/-", flag);
        add(severity, code, "/restrictSelf", message, Fix.of("add " + flag, add));
    }

    /**
     * Kernel errata that change what this policy does: erratum 1 (ABI 4: TCP rights also restricted MPTCP, SMC and
     * SCTP), erratum 2 (ABI 6: signal scoping also between threads of one process), erratum 4 (a rename that leaves an
     * OverlayFS whiteout needs make_reg in the source's directory on kernels with its fix, where nothing checked the
     * whiteout before; security/landlock/errata/abi-1.h, and seen on Debian's 7.2 and 7.3 kernels under qemu).
     */
    private void errata() {
        if (policy.abi() == 4 && (policy.handled(RightKind.NET).mask() & TCP) != 0) {
            add(Severity.INFO, ReportCode.ERRATUM, "/handledAccessNet", "erratum 1: kernels with ABI 4 (Linux 6.7 to 6.9)"
                    + " that lack its fix restrict MPTCP, SMC and SCTP sockets with the TCP rights too, so a program using"
                    + " them fails there and works on fixed kernels, which do not restrict them at all", null);
        }
        if (policy.abi() == 6 && (policy.handled(RightKind.SCOPE).mask() & SIGNAL) != 0) {
            add(Severity.INFO, ReportCode.ERRATUM, "/scoped", "erratum 2: kernels with ABI 6 (Linux 6.12 to 6.14) that"
                    + " lack its fix also block signals between the threads of one process when the policy is applied to"
                    + " threads already running (with libpsx or the like); a program that applies it before it starts"
                    + " threads is not affected", null);
        }
        if ((policy.handled(RightKind.FS).mask() & MAKE_REG) == 0) {
            return;
        }
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            long allowed = rule.allowed().mask();
            if ((allowed & REMOVE_FILE) != 0 && (allowed & MAKE_REG) == 0) {
                add(Severity.INFO, ReportCode.ERRATUM, rule.pointer() + "/allowedAccess", "erratum 4: on kernels with"
                        + " its fix (Debian's 7.2 and 7.3 have it) a rename that leaves an OverlayFS whiteout behind"
                        + " (renameat2 with RENAME_WHITEOUT, as fuse-overlayfs does) needs make_reg in the directory it"
                        + " leaves, where older kernels checked nothing; if the program renames with whiteouts here,"
                        + " grant make_reg too", Fix.of("grant make_reg too",
                        Fix.Operation.add(rule.pointer() + "/allowedAccess/-", "make_reg")));
            }
        }
    }

    /**
     * The patch that takes {@code drop} away from path {@code index} of {@code rule}: the rule itself when it has one
     * path, else the path moves to a rule of its own. A rule left with no right goes.
     */
    private static Fix narrow(ResolvedPolicy.PathRule rule, int index, long drop, String label) {
        List<String> kept = AbiTable.names(RightKind.FS, rule.allowed().mask() & ~drop);
        if (rule.paths().size() == 1) {
            return Fix.of(label, kept.isEmpty() ? Fix.Operation.remove(rule.pointer())
                    : Fix.Operation.replace(rule.pointer() + "/allowedAccess", kept));
        }
        Fix.Operation removePath = Fix.Operation.remove(rule.pathPointer(index));
        if (kept.isEmpty()) {
            return Fix.of(label, removePath);
        }
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("paths", List.of(rule.paths().get(index)));
        own.put("allowedAccess", kept);
        if (rule.ifMissing() == IfMissing.SKIP) {
            own.put("ifMissing", IfMissing.SKIP.documentName());
        }
        if (rule.quiet()) {
            own.put("quiet", true);
        }
        return Fix.of(label, removePath, Fix.Operation.add("/pathBeneath/-", own));
    }

    private static long fs(String name) {
        return AbiTable.right(RightKind.FS, name).orElseThrow().value();
    }
}
