package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.audit.DenialGroup;
import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.cli.Inputs;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.learn.Failed;
import dev.landlockstudio.compiler.learn.Proposal;
import dev.landlockstudio.compiler.learn.Recording;
import dev.landlockstudio.compiler.learn.RuleEvidence;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.enforcer.audit.AuditSwitch;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import dev.landlockstudio.enforcer.command.UnixUser;
import dev.landlockstudio.enforcer.host.HostInspector;
import dev.landlockstudio.enforcer.learn.Refinement;
import dev.landlockstudio.enforcer.learn.StraceRecorder;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import dev.landlockstudio.enforcer.trial.TrialMode;
import dev.landlockstudio.enforcer.trial.TrialRefused;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "learn", mixinStandardHelpOptions = true,
        description = {"Learn a least-privilege policy from what a command does, and prove it on the kernel.",
                "1. Record: the command runs once UNCONFINED under strace (it can do anything you can let it do: run only"
                        + " what you would run yourself), contained like a confined command: as an unprivileged user when"
                        + " run as root, in /, with descriptors 0-2 only, a minimal environment (--env adds to it), nothing"
                        + " of it outliving the run, and a timeout. Each system call becomes the Landlock rights it needs.",
                "2. Propose: system trees it only read and ran from as abi.read_execute, its own files and directories at"
                        + " the narrowest path that exists before and after a run (never /), its ports.",
                "3. Refine: it runs confined by the proposal with denials logged (audit is turned on and the kernel log's"
                        + " rate limit lifted meanwhile, both put back),"
                        + " the kernel's denial records of its run are granted exactly, and it runs again, until a run ends"
                        + " with no denial or --max-runs runs are done.",
                "The policy goes to stdout (or -o), the report to stderr: per rule its evidence, each run, what was left"
                        + " out, the calls that failed and the lines not read.",
                "Exit 0 when the last run had no denial and ended as the unconfined one, 4 when not, 2 an invalid --into"
                        + " policy, 5 when this host cannot (no Landlock ABI 7, not root, no strace, an audit daemon),"
                        + " 127 when the command is not found, 126 when it cannot run."})
final class LearnCommand implements Callable<Integer> {

    private static final int LOGGING_ABI = 7;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    RunOptions contained;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "After --: the command and its arguments.")
    List<String> command;

    @Option(names = "--abi", paramLabel = "N", description = "Write the policy for this ABI (default: the host's, at most the newest known).")
    Integer abi;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "5", description = "Confined runs at most (default 5).")
    int maxRuns;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the policy there instead of stdout.")
    String output;

    @Option(names = "--save-recording", paramLabel = "FILE", description = "Also keep the strace recording there.")
    String saveRecording;

    @Option(names = "--merge", arity = "1..*", paramLabel = "RECORDING",
            description = "Recordings kept with --save-recording (of other runs of the program): what they needed is proposed too.")
    List<String> merge;

    @Option(names = "--into", paramLabel = "POLICY",
            description = "Propose additions to this policy (its ABI) instead of a new one: the output is it with a rule"
                    + " added for what it does not grant yet, each said in the report.")
    String into;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxRuns < 1 || contained.timeoutSeconds < 1 || contained.maxOutput < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-runs and --timeout must be at least 1");
        }
        PolicyReader.ReadPolicy existing = null;
        if (into != null) {
            try {
                existing = PolicyReader.read(Inputs.read(spec, into));
            } catch (InvalidDocumentException e) {
                e.problems().forEach(err::println);
                return ExitCode.INVALID;
            }
        }
        HostInspector.Support landlock = HostInspector.landlock();
        String unavailable = landlock.abi() == null ? "Landlock is unavailable: " + landlock.unavailable()
                : landlock.abi() < LOGGING_ABI ? "Landlock logs denials from ABI 7 on; this kernel has ABI " + landlock.abi()
                : UnixUser.current().uid() != 0 ? "turning audit on and reading the kernel log need root"
                : AuditSwitch.daemon() != 0 ? "an audit daemon (pid " + AuditSwitch.daemon() + ") takes the denial records,"
                + " not the kernel log; stop it, or refine with audit on that host" : null;
        if (unavailable != null) {
            err.println("landlock-studio: cannot learn here: " + unavailable);
            return ExitCode.UNAVAILABLE;
        }
        int hostAbi = Math.min(landlock.abi(), AbiTable.newest());
        int policyAbi = existing != null ? existing.resolved().abi() : abi == null ? hostAbi : abi;
        if (policyAbi < LOGGING_ABI || policyAbi > hostAbi) {
            throw new CommandLine.ParameterException(spec.commandLine(), (existing != null ? "--into: the policy's ABI "
                    + policyAbi + " cannot be refined here" : "--abi") + ": choose one from " + LOGGING_ABI + " (the first"
                    + " that logs denials) to " + hostAbi + ", this host's");
        }
        TrialMode.Command mode = new TrialMode.Command(command, contained.environment(spec), contained.limits());

        StraceRecorder.Recorded recorded;
        try {
            recorded = StraceRecorder.record(command, mode.environment(), mode.limits());
        } catch (SyscallException e) {
            err.println("landlock-studio: cannot record: " + e.getMessage() + " (learn needs Debian's strace: apt-get install strace)");
            return ExitCode.UNAVAILABLE;
        } catch (IllegalStateException e) {
            err.println("landlock-studio: cannot record: " + e.getMessage());
            return ExitCode.UNAVAILABLE;
        }
        if (saveRecording != null) {
            Files.writeString(Path.of(saveRecording), recorded.strace(), StandardCharsets.UTF_8);
        }
        List<Recording> recordings = new ArrayList<>(List.of(Recording.of(recorded.strace(), "/")));
        for (String file : merge == null ? List.<String>of() : merge) {
            // learn starts every command in /.
            recordings.add(Recording.of(Inputs.read(spec, file), "/"));
        }
        Recording recording = Recording.merge(recordings);
        err.println("recorded, unconfined: " + String.join(" ", command) + " " + ended(recorded.result()) + "; "
                + recording.accesses().size() + " accesses, " + recording.failed().size() + " failed calls, "
                + recording.ignored().size() + " lines not read" + (merge == null ? "" : ", with " + merge.size()
                + (merge.size() == 1 ? " recording merged" : " recordings merged")));

        Proposal proposal = Proposal.of(recording, name(command.get(0)), description(), policyAbi);
        if (existing != null) {
            proposal = proposal.into(existing);
        }
        Refinement.Outcome outcome;
        try {
            outcome = Refinement.refine(Json.write(proposal.policy()), policyAbi, mode, maxRuns, run -> printRun(err, run));
        } catch (TrialRefused e) {
            err.println("landlock-studio: cannot try the proposal: " + e.getMessage());
            return ExitCode.UNAVAILABLE;
        } catch (SyscallException e) {
            // As try does: the command cannot be found (127) or run (126).
            err.println("landlock-studio: cannot run " + command.get(0) + " confined: " + e.getMessage());
            return e.errno() == Errno.ENOENT ? 127 : 126;
        }
        if (output != null) {
            Inputs.write(spec, output, outcome.policy());
        } else {
            out.print(outcome.policy());
            out.flush();
        }
        report(err, proposal, outcome, recording);
        Refinement.Run last = outcome.runs().get(outcome.runs().size() - 1);
        boolean same = ended(last.result()).equals(ended(recorded.result()));
        err.println(outcome.clean() && same
                ? "confirmed: run " + last.number() + " " + ended(last.result()) + " with no denial, as unconfined"
                : "not confirmed: run " + last.number() + " " + ended(last.result()) + " with " + last.denialCount()
                + " denials (unconfined: " + ended(recorded.result()) + ")");
        return outcome.clean() && same ? ExitCode.OK : ExitCode.MISMATCH;
    }

    /** A run's end and each of its denials, with what was done about it. */
    private static void printRun(PrintWriter err, Refinement.Run run) {
        err.println("run " + run.number() + ", confined: " + ended(run.result()) + ", " + run.denialCount()
                + (run.denialCount() == 1 ? " denial" : " denials") + (run.recordsLost() ? " (the kernel dropped records)" : ""));
        for (DenialGroup group : run.denials()) {
            err.println("    " + group.access() + " ×" + group.count() + ": " + (Refinement.granted(group)
                    ? group.fix().label() : "not granted: " + ("/".equals(group.path()) ? "it would need a rule on /"
                    : group.reason())));
        }
        err.flush();
    }

    /** Per rule of the final policy, its evidence: from the recording, and from each kernel denial it lifted. */
    private static void report(PrintWriter err, Proposal proposal, Refinement.Outcome outcome, Recording recording) {
        Map<String, List<RuleEvidence>> byRule = new TreeMap<>(LearnCommand::inDocumentOrder);
        proposal.rules().forEach(r -> byRule.computeIfAbsent(r.pointer(), p -> new ArrayList<>()).add(r));
        outcome.kernelEvidence().forEach(r -> byRule.computeIfAbsent(r.pointer(), p -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<RuleEvidence>> rule : byRule.entrySet()) {
            for (RuleEvidence e : rule.getValue()) {
                err.println(rule.getKey() + " " + String.join(", ", e.on()) + ": " + String.join(", ", e.rights())
                        + " (" + e.source() + ")");
                e.evidence().forEach(line -> err.println("    " + line));
            }
        }
        if (proposal.rules().isEmpty()) {
            err.println("the recording needed nothing the policy does not grant: nothing added");
        }
        proposal.leftOut().forEach(line -> err.println("left out: " + line));
        Map<String, Integer> failed = new LinkedHashMap<>();
        for (Failed f : recording.failed()) {
            failed.merge(f.syscall() + " " + f.errno(), 1, Integer::sum);
        }
        if (!failed.isEmpty()) {
            err.println("failed unconfined, not granted: " + String.join(", ", failed.entrySet().stream()
                    .map(e -> e.getKey() + " ×" + e.getValue()).toList()));
        }
        recording.ignored().forEach(i -> err.println("recording line " + i.line() + " ignored: " + i.reason()));
        err.flush();
    }

    /** Pointers of rules in their document's order: /pathBeneath/2 before /pathBeneath/10. */
    private static int inDocumentOrder(String a, String b) {
        int slashA = a.lastIndexOf('/');
        int slashB = b.lastIndexOf('/');
        int lists = a.substring(0, slashA).compareTo(b.substring(0, slashB));
        if (lists != 0) {
            return lists;
        }
        String indexA = a.substring(slashA + 1);
        String indexB = b.substring(slashB + 1);
        return indexA.chars().allMatch(Character::isDigit) && indexB.chars().allMatch(Character::isDigit) && !indexA.isEmpty()
                && !indexB.isEmpty() ? Integer.compare(Integer.parseInt(indexA), Integer.parseInt(indexB)) : indexA.compareTo(indexB);
    }

    private static String ended(ConfinedCommand.Result result) {
        return result.timedOut() ? "timed out" : result.signal() != null ? "killed by signal " + result.signal()
                : "exit " + result.exitCode();
    }

    /** A policy name from the command: its file name, in the characters a name may hold. */
    private static String name(String program) {
        String base = Path.of(program).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "-");
        String name = "learned-" + base;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private String description() {
        String text = "Learned from: " + String.join(" ", command);
        return text.length() > 2000 ? text.substring(0, 1999) + "…" : text;
    }
}
