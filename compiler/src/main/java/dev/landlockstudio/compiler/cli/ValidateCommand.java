package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.fs.FsViewReader;
import dev.landlockstudio.compiler.lint.Lints;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a policy document, and lint it: what is valid but probably not meant.",
                "Exit 0 when valid (lints are printed as warnings and notes on stderr); 2 when invalid, with one"
                        + " 'POINTER: message' line per problem on stderr."})
final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "POLICY", description = "The policy file ('-' for standard input).")
    String policyFile;

    @CommandLine.Option(names = "--fs-view", paramLabel = "FILE",
            description = "What the paths are (fs-view.schema.json), for lints on symlinks, files and OverlayFS layers.")
    String fsViewFile;

    @CommandLine.Mixin
    LayerFiles layerFiles;

    @Override
    public Integer call() {
        String text = Inputs.read(spec, policyFile);
        try {
            PolicyReader.ReadPolicy policy = PolicyReader.read(text);
            FsView view = fsViewFile == null ? FsView.empty() : FsViewReader.read(Inputs.read(spec, fsViewFile));
            Inputs.printItems(spec.commandLine().getErr(), Lints.of(policy.resolved(), view));
            PolicyStack stack = layerFiles.stack(spec, policy);
            spec.commandLine().getOut().println("policy " + policy.document().name() + " is valid" + (stack.layered()
                    ? " with its bases, applied in this order: " + String.join(", ",
                    stack.layers().stream().map(PolicyStack.Layer::name).toList()) : ""));
            return ExitCode.OK;
        } catch (InvalidDocumentException e) {
            return Inputs.printProblems(spec.commandLine().getErr(), e);
        }
    }
}
