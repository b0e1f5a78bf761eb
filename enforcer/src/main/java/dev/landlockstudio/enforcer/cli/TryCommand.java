package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.InvalidDocumentException;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.target.Target;
import dev.landlockstudio.enforcer.host.HostInspector;
import dev.landlockstudio.enforcer.host.HostReport;
import dev.landlockstudio.enforcer.trial.JUnitReport;
import dev.landlockstudio.enforcer.trial.ScratchTrial;
import dev.landlockstudio.enforcer.trial.TrialRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "try", mixinStandardHelpOptions = true,
        description = {"Apply a policy with this kernel's Landlock and try accesses at its boundaries: for each rule, each"
                + " handled right just beneath it and outside every rule. Each probe runs on a fresh restricted thread"
                + " beside the evaluator's prediction.",
                "--scratch recreates the policy's paths in a temporary tree, so destructive accesses are tried safely.",
                "Exit 0 when every probe matches, 4 on a mismatch, 2 invalid policy, 3 refused, 5 no Landlock here."})
final class TryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "POLICY", description = "The policy file.")
    String policyFile;

    @Option(names = "--scratch", description = "Try in a temporary tree shaped like the policy's paths (required for now).")
    boolean scratch;

    @Option(names = "--abi", paramLabel = "N", description = "Compile for this ABI (default: the host's, at most the newest known).")
    Integer abi;

    @Option(names = "--json", description = "Print the probes as JSON.")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the probes as JUnit XML.")
    String junitFile;

    @Override
    public Integer call() throws Exception {
        if (!scratch) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "add --scratch: trying probes on the host's own paths is not available yet");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ResolvedPolicy policy;
        try {
            policy = PolicyReader.read(Files.readString(Path.of(policyFile), StandardCharsets.UTF_8)).resolved();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + policyFile + ": " + e.getMessage());
        } catch (InvalidDocumentException e) {
            e.problems().forEach(err::println);
            return ExitCode.INVALID;
        }
        HostReport host = HostInspector.inspect();
        if (host.abi() == null) {
            err.println("cannot try here: " + host.landlockUnavailable());
            return ExitCode.UNAVAILABLE;
        }
        int hostAbi = Math.min(host.abi(), AbiTable.newest());
        int tryAbi = abi == null ? hostAbi : abi;
        if (tryAbi < AbiTable.oldest() || tryAbi > hostAbi) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--abi must be from " + AbiTable.oldest()
                    + " to this host's ABI " + hostAbi);
        }
        Compilation compilation = Compiler.compile(policy, Target.NATIVE, tryAbi);
        if (compilation.refused()) {
            err.println("refused: the policy is a hard requirement that ABI " + tryAbi + " cannot meet");
            return ExitCode.REFUSED;
        }
        if (!compilation.enforced()) {
            err.println("note: the policy enforces nothing at ABI " + tryAbi + "; every probe is expected to be allowed");
        }
        List<TrialRow> rows = ScratchTrial.run(policy, compilation.ruleset());
        if (junitFile != null) {
            Files.writeString(Path.of(junitFile), JUnitReport.of(policy.name(), rows));
        }
        if (json) {
            out.print(Json.write(rows));
        } else {
            int width = rows.stream().mapToInt(r -> r.probe().length()).max().orElse(5);
            out.printf("%-" + width + "s  %-9s  %-14s  %s%n", "probe", "expected", "actual", "match");
            for (TrialRow row : rows) {
                out.printf("%-" + width + "s  %-9s  %-14s  %s%n", row.probe(), row.expected(), row.actual(),
                        row.match() ? "ok" : "MISMATCH");
            }
        }
        long mismatches = rows.stream().filter(r -> !r.match()).count();
        err.println(rows.size() + " probes at ABI " + tryAbi + ", " + mismatches + " mismatched");
        return mismatches == 0 ? ExitCode.OK : ExitCode.MISMATCH;
    }
}
