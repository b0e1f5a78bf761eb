package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.formats.ocilauncher.LauncherBuild;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.fs.FsViewReader;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "launcher", mixinStandardHelpOptions = true,
        description = {"Build the static launcher that the oci-launcher target mounts into a container:"
                + " the c target's program, linked with gcc -static (Debian: gcc and libc6-dev).",
                "Exit 0 when built, 2 when the policy is invalid, 3 when it is a hard requirement that the ABI cannot"
                        + " meet, 1 when gcc or the static C library is missing or the build fails."})
final class LauncherCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "POLICY", description = "The policy file ('-' for standard input).")
    String policyFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The launcher to write (mode 0755).")
    String outputFile;

    @Option(names = "--abi", paramLabel = "N", description = "The kernel's Landlock ABI to compile for (default: the policy's abi).")
    Integer abi;

    @Option(names = "--fs-view", paramLabel = "FILE", description = "What the paths are in the container"
            + " (fs-view.schema.json): files keep only file rights, except paths expand against it.")
    String fsViewFile;

    @Override
    public Integer call() {
        if (abi != null && !AbiTable.isKnown(abi)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown Landlock ABI " + abi + "; expected "
                    + AbiTable.oldest() + " to " + AbiTable.newest());
        }
        PrintWriter err = spec.commandLine().getErr();
        PolicyReader.ReadPolicy policy;
        FsView view = FsView.empty();
        try {
            policy = StackResolver.alone(PolicyReader.read(Inputs.read(spec, policyFile)), "launcher");
            if (fsViewFile != null) {
                view = FsViewReader.read(Inputs.read(spec, fsViewFile));
            }
        } catch (InvalidDocumentException e) {
            return Inputs.printProblems(err, e);
        }
        int compileAbi = abi == null ? policy.resolved().abi() : abi;
        Compilation program;
        try {
            program = Compiler.compile(policy.resolved(), Target.C, compileAbi, new Compiler.Options(view, null));
        } catch (InvalidDocumentException e) {
            // Except paths without a view: the container's paths are what they expand against.
            return Inputs.printProblems(err, e);
        }
        Inputs.printItems(err, program.items());
        if (program.refused()) {
            err.println("refused: the policy is a hard requirement that ABI " + compileAbi + " cannot meet");
            return ExitCode.REFUSED;
        }
        try {
            LauncherBuild.build(program.output(), Path.of(outputFile));
        } catch (LauncherBuild.Failure e) {
            err.println("launcher: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (!program.enforced()) {
            err.println("note: nothing of the policy is enforced at ABI " + compileAbi
                    + "; the launcher runs its command unconfined with a warning");
        }
        return ExitCode.OK;
    }
}
