package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.cli.Inputs;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.cli.LayerFiles;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import dev.landlockstudio.enforcer.overlay.OverlayMount;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import dev.landlockstudio.enforcer.trial.JUnitReport;
import dev.landlockstudio.enforcer.trial.ProbeSpec;
import dev.landlockstudio.enforcer.trial.Trial;
import dev.landlockstudio.enforcer.trial.TrialKind;
import dev.landlockstudio.enforcer.trial.TrialMode;
import dev.landlockstudio.enforcer.trial.TrialRefused;
import dev.landlockstudio.enforcer.trial.TrialRow;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "try", mixinStandardHelpOptions = true,
        description = {"Apply a policy with this kernel's Landlock and try accesses at its boundaries, each on a fresh"
                + " restricted thread beside the evaluator's prediction. By default on the host's own paths, without"
                + " changing what is there: listing, reading and opening plain files for writing without writing; creating,"
                + " removing and moving only entries of its own (.landlock-studio-probe-*), removed after each probe;"
                + " network and scope probes against peers it opens on 127.0.0.1.",
                "--scratch recreates the policy's paths in a temporary tree, so every access (execute, truncate, device"
                        + " ioctls and the rest) is tried safely.",
                "With -- COMMAND ARGS, runs the command confined by the policy instead (as an unprivileged user when run"
                        + " as root), with descriptors 0-2 only, a minimal environment (--env adds to it), nothing of it"
                        + " outliving the run, a timeout and capped output, and exits with its status (124 on timeout,"
                        + " 128+N when killed by signal N).",
                "--kernel ABI (repeatable, or all) tries the scratch probes on Debian's stock kernels of those ABIs instead,"
                        + " each booted under qemu from the cache of 'kernels fetch', with the policy's c-target program"
                        + " built for the kernel's ABI.",
                "Exit 0 when every probe matches, 4 on a mismatch, 2 invalid policy, 3 refused, 5 no Landlock here."})
final class TryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    RunOptions contained;

    @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file ('-' for standard input).")
    String policyFile;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "After --: a command to run confined by the policy.")
    List<String> command;

    @Option(names = "--scratch", description = "Try in a temporary tree shaped like the policy's paths, destructive accesses included.")
    boolean scratch;

    @Option(names = "--overlay", paramLabel = "LOWERDIR",
            description = "Try through an OverlayFS mount of LOWERDIR (e.g. a container rootfs), which is only ever read:"
                    + " rules on merged, rules on the lower layer, and listings in the layer, each beside the evaluator.")
    Path overlayLower;

    @Option(names = "--probe", paramLabel = "SPEC",
            description = "Try this access instead of the generated ones (repeatable): OP:PATH, rename:SRC:DEST,"
                    + " link:SRC:DEST, bind_tcp:PORT (and connect_tcp, bind_udp, connect_send_udp), signal,"
                    + " abstract_unix_socket. On the host's own paths only read_file, read_dir and write_file (which"
                    + " writes nothing) and the network and scope probes.")
    List<String> probeSpecs;

    @Option(names = "--abi", paramLabel = "N", description = "Compile for this ABI (default: the host's, at most the newest known).")
    Integer abi;

    @Option(names = "--kernel", paramLabel = "ABI", split = ",",
            description = "Try on the cached stock kernel of this Landlock ABI (2, 6, 7, 8, 9, 10, 11; repeatable), or all.")
    List<String> kernels;

    @Option(names = "--kernel-cache", paramLabel = "DIR", description = "The kernel cache of 'kernels fetch' (default data/kernels).")
    Path kernelCache;

    @Option(names = "--boot-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "With --kernel: kill a VM that has not powered off after this long (default 120).")
    int bootTimeoutSeconds;

    @CommandLine.Mixin
    LayerFiles layerFiles;

    @Option(names = "--json", description = "Print the probes as JSON.")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the probes as JUnit XML.")
    String junitFile;

    @Override
    public Integer call() throws Exception {
        List<TrialKind> chosen = chosenKinds();
        if (kernels != null && (overlayLower != null || command != null && !command.isEmpty() || abi != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kernel tries the scratch probes on each"
                    + " kernel at the ABI it reports: it goes with neither --overlay, -- COMMAND nor --abi");
        }
        if (chosen.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "choose one of --scratch (probe in a scratch"
                    + " tree), --overlay LOWERDIR (probe through an OverlayFS mount) or -- COMMAND (run a command confined);"
                    + " with none of them, the host's own paths are probed with accesses that change nothing");
        }
        if (overlayLower != null) {
            try {
                overlayLower = OverlayMount.checkedDirectory(overlayLower.toString());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--overlay: " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PolicyStack stack;
        try {
            stack = layerFiles.stack(spec, PolicyReader.read(Inputs.read(spec, policyFile)));
        } catch (InvalidDocumentException e) {
            e.problems().forEach(err::println);
            return ExitCode.INVALID;
        }
        ResolvedPolicy policy = stack.top();
        if (kernels != null) {
            return KernelTry.run(spec, this, stack, given());
        }
        TrialKind kind = chosen.isEmpty() ? TrialKind.HOST : chosen.get(0);
        TrialMode mode = mode(kind);
        Trial trial;
        try {
            trial = Trial.prepare(stack, mode, abi);
        } catch (TrialRefused e) {
            return switch (e.reason()) {
                case ABI_OUT_OF_RANGE -> throw new CommandLine.ParameterException(spec.commandLine(), "--abi: " + e.getMessage());
                case HARD_REQUIREMENT -> refused(err, e.getMessage(), ExitCode.REFUSED);
                case NO_LANDLOCK, NO_OVERLAYFS -> refused(err, "cannot try here: " + e.getMessage(), ExitCode.UNAVAILABLE);
            };
        }
        err.println("ruleset " + trial.describeStatus());
        if (kind == TrialKind.COMMAND) {
            return runCommand(trial, out, err);
        }
        List<TrialRow> rows = new ArrayList<>();
        try {
            trial.run(rows::add);
        } catch (SyscallException e) {
            return cannotApply(e, err);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (junitFile != null) {
            Files.writeString(Path.of(junitFile), JUnitReport.of(policy.name(), rows));
        }
        if (json) {
            out.print(Json.write(rows));
        } else {
            printRows(out, rows);
        }
        long mismatches = rows.stream().filter(r -> !r.match()).count();
        err.println(rows.size() + " probes at ABI " + trial.abi() + ", " + mismatches + " mismatched");
        return mismatches == 0 ? ExitCode.OK : ExitCode.MISMATCH;
    }

    /** The rows as a table: the probe, what the evaluator predicts, what the kernel did, whether they match. */
    static void printRows(PrintWriter out, List<TrialRow> rows) {
        int width = rows.stream().mapToInt(r -> r.probe().length()).max().orElse(5);
        out.printf("%-" + width + "s  %-9s  %-14s  %s%n", "probe", "expected", "actual", "match");
        for (TrialRow row : rows) {
            out.printf("%-" + width + "s  %-9s  %-14s  %s%n", row.probe(), row.expected(), row.actual(),
                    row.match() ? "ok" : "MISMATCH");
        }
    }

    /** The kinds of trial the options ask for: none is a trial on the host's own paths. */
    private List<TrialKind> chosenKinds() {
        List<TrialKind> chosen = new ArrayList<>();
        if (scratch) {
            chosen.add(TrialKind.SCRATCH);
        }
        if (overlayLower != null) {
            chosen.add(TrialKind.OVERLAY);
        }
        if (command != null && !command.isEmpty()) {
            chosen.add(TrialKind.COMMAND);
        }
        return chosen;
    }

    private TrialMode mode(TrialKind kind) {
        return switch (kind) {
            case SCRATCH -> new TrialMode.Scratch(given());
            case HOST -> {
                try {
                    yield new TrialMode.Host(given());
                } catch (IllegalArgumentException e) {
                    // A given probe that would change the host's own paths.
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            case OVERLAY -> new TrialMode.Overlay(overlayLower.toAbsolutePath().normalize(), given());
            case COMMAND -> new TrialMode.Command(command, contained.environment(spec), contained.limits());
        };
    }

    /** The --probe specs, or null for the generated probes. */
    private List<AccessRequest> given() {
        if (probeSpecs == null) {
            return null;
        }
        try {
            return probeSpecs.stream().map(ProbeSpec::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static int refused(PrintWriter err, String message, int exit) {
        err.println(message);
        return exit;
    }

    /** The policy could not be applied here, most often because a path its rules must find is missing. */
    private static int cannotApply(SyscallException e, PrintWriter err) {
        err.println("landlock-studio: cannot apply the policy on this host: " + e.getMessage()
                + (e.errno() == Errno.ENOENT ? "; --scratch and --overlay are such trials" : ""));
        return ExitCode.MISMATCH;
    }

    private int runCommand(Trial trial, PrintWriter out, PrintWriter err) throws Exception {
        ConfinedCommand.Result result;
        try {
            result = ((Trial.Ran) trial.run(row -> { })).command();
        } catch (IllegalStateException e) {
            err.println("landlock-studio: " + e.getMessage());
            return ExitCode.UNAVAILABLE;
        } catch (SyscallException e) {
            if (!e.syscall().equals("posix_spawnp")) {
                return cannotApply(e, err);
            }
            err.println("landlock-studio: cannot run " + command.get(0) + ": " + Errno.name(e.errno())
                    + (e.errno() == Errno.EACCES ? " (the policy must allow executing it and reading its libraries)" : ""));
            return e.errno() == Errno.ENOENT ? 127 : 126;
        }
        if (json) {
            out.print(Json.write(result));
        } else {
            out.print(result.stdout());
            err.print(result.stderr());
            err.println("landlock-studio: " + String.join(" ", command) + " ran as " + result.runAs() + " at ABI "
                    + trial.abi() + (result.timedOut() ? ", timed out after " + contained.timeoutSeconds + " s"
                    : result.signal() != null ? ", killed by signal " + result.signal() : ", exit " + result.exitCode())
                    + (result.truncated() ? "; output beyond " + contained.maxOutput + " bytes was cut" : ""));
        }
        if (result.timedOut()) {
            return 124;
        }
        return result.signal() != null ? 128 + result.signal() : result.exitCode();
    }
}
