package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.compiler.audit.DenialGroup;
import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.cli.Inputs;
import dev.landlockstudio.compiler.learn.Recording;
import dev.landlockstudio.compiler.learn.RuleEvidence;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.enforcer.learn.Learning;
import dev.landlockstudio.enforcer.learn.Refinement;
import dev.landlockstudio.enforcer.learn.StraceRecorder;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import dev.landlockstudio.enforcer.trial.TrialMode;
import dev.landlockstudio.enforcer.trial.TrialRefused;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                existing = StackResolver.alone(PolicyReader.read(Inputs.read(spec, into)), "learn --into");
            } catch (InvalidDocumentException e) {
                e.problems().forEach(err::println);
                return ExitCode.INVALID;
            }
        }
        String unavailable = Learning.unavailable();
        if (unavailable != null) {
            err.println("landlock-studio: cannot learn here: " + unavailable);
            return ExitCode.UNAVAILABLE;
        }
        int policyAbi = existing != null ? existing.resolved().abi() : abi == null ? Learning.hostAbi() : abi;
        String outOfRange = Learning.abiRange(policyAbi);
        if (outOfRange != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), (existing != null ? "--into: the policy's ABI "
                    + policyAbi + " cannot be refined here" : "--abi " + policyAbi) + ": " + outOfRange);
        }
        List<String> recordings = new ArrayList<>();
        for (String file : merge == null ? List.<String>of() : merge) {
            recordings.add(Inputs.read(spec, file));
        }
        TrialMode.Command mode = new TrialMode.Command(command, contained.environment(spec), contained.limits());
        Learning.Result learned;
        try {
            learned = Learning.learn(new Learning.Request(mode, policyAbi, maxRuns, existing, recordings), new Learning.Listener() {
                @Override
                public void recorded(StraceRecorder.Recorded recorded, Recording recording) {
                    if (saveRecording != null) {
                        try {
                            Files.writeString(Path.of(saveRecording), recorded.strace(), StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    err.println("recorded, unconfined: " + String.join(" ", command) + " " + recorded.result().ending() + "; "
                            + recording.accesses().size() + " accesses, " + recording.failed().size() + " failed calls, "
                            + recording.ignored().size() + " lines not read" + (merge == null ? "" : ", with " + merge.size()
                            + (merge.size() == 1 ? " recording merged" : " recordings merged")));
                    err.flush();
                }

                @Override
                public void ran(Refinement.Run run) {
                    printRun(err, run);
                }
            });
        } catch (Learning.CannotRecord e) {
            err.println("landlock-studio: cannot record: " + e.getMessage());
            return ExitCode.UNAVAILABLE;
        } catch (SyscallException e) {
            // As try does: the command cannot be found (127) or run (126).
            err.println("landlock-studio: cannot run " + command.get(0) + " confined: " + e.getMessage());
            return e.errno() == Errno.ENOENT ? 127 : 126;
        } catch (TrialRefused e) {
            err.println("landlock-studio: cannot try the proposal: " + e.getMessage());
            return ExitCode.UNAVAILABLE;
        }
        if (output != null) {
            Inputs.write(spec, output, learned.outcome().policy());
        } else {
            out.print(learned.outcome().policy());
            out.flush();
        }
        report(err, learned);
        err.println(learned.summary());
        return learned.confirmed() ? ExitCode.OK : ExitCode.MISMATCH;
    }

    /** A run's end and each of its denials, with what was done about it. */
    private static void printRun(PrintWriter err, Refinement.Run run) {
        err.println("run " + run.number() + ", confined: " + run.result().ending() + ", " + run.denialCount()
                + (run.denialCount() == 1 ? " denial" : " denials") + (run.recordsLost() ? " (the kernel dropped records)" : ""));
        for (DenialGroup group : run.denials()) {
            err.println("    " + group.access() + " ×" + group.count() + ": " + Refinement.change(group));
        }
        err.flush();
    }

    /** Per rule of the final policy, its evidence: from the recording, and from each kernel denial it lifted. */
    private static void report(PrintWriter err, Learning.Result learned) {
        for (RuleEvidence e : learned.evidence()) {
            err.println(e.pointer() + " " + String.join(", ", e.on()) + ": " + String.join(", ", e.rights())
                    + " (" + e.source() + ")");
            e.evidence().forEach(line -> err.println("    " + line));
        }
        if (learned.proposal().rules().isEmpty()) {
            err.println("the recording needed nothing the policy does not grant: nothing added");
        }
        learned.proposal().leftOut().forEach(line -> err.println("left out: " + line));
        Map<String, Integer> failed = learned.failedUnconfined();
        if (!failed.isEmpty()) {
            err.println("failed unconfined, not granted: " + String.join(", ", failed.entrySet().stream()
                    .map(e -> e.getKey() + " ×" + e.getValue()).toList()));
        }
        learned.recording().ignored().forEach(i -> err.println("recording line " + i.line() + " ignored: " + i.reason()));
        err.flush();
    }
}
