package dev.landlockstudio.enforcer.learn;

import dev.landlockstudio.compiler.audit.AuditLog;
import dev.landlockstudio.compiler.audit.Denial;
import dev.landlockstudio.compiler.audit.DenialGroup;
import dev.landlockstudio.compiler.audit.Remedies;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.learn.RuleEvidence;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.report.Fix;
import dev.landlockstudio.enforcer.audit.AuditSwitch;
import dev.landlockstudio.enforcer.audit.KernelLog;
import dev.landlockstudio.enforcer.audit.PrintkRateLimit;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import dev.landlockstudio.enforcer.trial.Trial;
import dev.landlockstudio.enforcer.trial.TrialMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refines a policy on the kernel: runs the command confined by it with denials logged ({@code log_new_exec_on}, audit on
 * for the while), reads the run's own denial records, grants exactly the blocked rights ({@link Remedies}), and runs
 * again, until a run ends with no denial or the runs are used up. A denial on {@code /} itself is never granted.
 */
public final class Refinement {

    private static final String LOG_NEW_EXEC_ON = "log_new_exec_on";
    private static final Pattern GRANT = Pattern.compile("^(/(?:pathBeneath|netPort)/\\d+)/allowedAccess/-$");

    /**
     * One confined run.
     *
     * @param denials     the run's denials, grouped, each with the fix it gave against the policy of the run
     * @param recordsLost whether the kernel said it dropped records meanwhile: then no denial is no proof
     */
    public record Run(int number, ConfinedCommand.Result result, List<DenialGroup> denials, boolean recordsLost) {
        public int denialCount() {
            return denials.stream().mapToInt(DenialGroup::count).sum();
        }
    }

    /**
     * @param policy the refined policy, as written (without the logging flag the runs add)
     * @param clean  whether the last run ended with no denial
     */
    public record Outcome(String policy, List<Run> runs, boolean clean) {

        /** What each run's fixes added, by the rule of {@link #policy} they landed on. */
        public List<RuleEvidence> kernelEvidence() {
            Policy document = PolicyReader.read(policy).document();
            List<RuleEvidence> evidence = new ArrayList<>();
            for (Run run : runs) {
                for (DenialGroup group : run.denials()) {
                    if (granted(group)) {
                        evidence.add(new RuleEvidence(pointer(document, group), List.of(group.path() != null ? group.path()
                                : group.port() != null ? String.valueOf(group.port()) : group.peer()), group.rights(),
                                "kernel denial, run " + run.number(), List.of(group.count() + (group.count() == 1
                                ? " denial: " : " denials: ") + group.access() + "; " + group.fix().label())));
                    }
                }
            }
            return evidence;
        }
    }

    private Refinement() {
    }

    /**
     * @param progress hears each run as soon as it is read
     */
    public static Outcome refine(String policy, int abi, TrialMode.Command command, int maxRuns, Consumer<Run> progress)
            throws Exception {
        String current = policy;
        List<Run> runs = new ArrayList<>();
        try (AuditSwitch audit = AuditSwitch.on(); PrintkRateLimit limit = PrintkRateLimit.lifted()) {
            for (int number = 1; number <= maxRuns; number++) {
                PolicyReader.ReadPolicy read = PolicyReader.read(current);
                Trial trial = Trial.prepare(logged(read.document()).resolved(), command, abi);
                ConfinedCommand.Result result;
                RunRecords.Records records;
                try (KernelLog kmsg = new KernelLog()) {
                    result = ((Trial.Ran) trial.run(row -> { })).command();
                    records = RunRecords.after(kmsg, abi);
                }
                List<Denial> denials = AuditLog.read(records.text()).denials();
                Run run = new Run(number, result, Remedies.of(read, FsView.empty(), denials), records.lost());
                runs.add(run);
                progress.accept(run);
                if (denials.isEmpty() && !records.lost()) {
                    return new Outcome(current, runs, true);
                }
                String next = Remedies.apply(read, FsView.empty(), grantable(denials), DenialGroup::fix);
                if (next.equals(current) && !records.lost()) {
                    break; // Nothing the policy can grant lifts what is left.
                }
                current = next;
            }
        }
        return new Outcome(current, runs, false);
    }

    /** Denials on / itself are never granted: a rule there would cover everything. */
    private static List<Denial> grantable(List<Denial> denials) {
        return denials.stream().filter(d -> !"/".equals(d.path())).toList();
    }

    /** Whether the group's fix went into the policy: it has one, and it is not on /. */
    public static boolean granted(DenialGroup group) {
        return group.fix() != null && !"/".equals(group.path());
    }

    /** What refinement did about a group: the change it granted, or why it granted none. */
    public static String change(DenialGroup group) {
        return granted(group) ? group.fix().label() : "not granted: " + ("/".equals(group.path())
                ? "it would need a rule on /" : group.reason());
    }

    /** The policy with denials logged also after the command's exec (the domain is made before it). */
    private static PolicyReader.ReadPolicy logged(Policy p) {
        List<String> flags = new ArrayList<>(p.restrictSelf() == null ? List.of() : p.restrictSelf());
        if (!flags.contains(LOG_NEW_EXEC_ON)) {
            flags.add(LOG_NEW_EXEC_ON);
        }
        return PolicyReader.read(Json.write(p.withRestrictSelf(flags)));
    }

    /**
     * The rule a fix landed on: the one it granted more on, or the last rule listing exactly what the one it added lists
     * (the denied path, or for a rule that listed more, the path it covered the denied one by).
     */
    private static String pointer(Policy document, DenialGroup group) {
        Fix.Operation operation = group.fix().patch().get(0);
        Matcher grant = GRANT.matcher(operation.path());
        if (grant.matches()) {
            return grant.group(1);
        }
        // The first rule of a list is added whole ("/pathBeneath"), later ones one by one ("/pathBeneath/-").
        Object added = operation.value() instanceof List<?> rules && !rules.isEmpty() ? rules.get(0) : operation.value();
        if (added instanceof Map<?, ?> rule && document.pathBeneath() != null) {
            for (int i = document.pathBeneath().size() - 1; i >= 0; i--) {
                if (document.pathBeneath().get(i).paths().equals(rule.get("paths"))) {
                    return "/pathBeneath/" + i;
                }
            }
        }
        if (added instanceof Map<?, ?> rule && document.netPort() != null) {
            for (int i = document.netPort().size() - 1; i >= 0; i--) {
                if (document.netPort().get(i).ports().equals(rule.get("ports"))) {
                    return "/netPort/" + i;
                }
            }
        }
        return operation.path();
    }
}
