package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.policy.InvalidDocumentException;
import dev.landlockstudio.compiler.policy.PolicyReader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a policy document.",
                "Exit 0 when valid; 2 when invalid, with one 'POINTER: message' line per problem on stderr."})
final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "POLICY", description = "The policy file ('-' for standard input).")
    String policyFile;

    @Override
    public Integer call() {
        String text = Inputs.read(spec, policyFile);
        try {
            PolicyReader.ReadPolicy policy = PolicyReader.read(text);
            spec.commandLine().getOut().println("policy " + policy.document().name() + " is valid");
            return ExitCode.OK;
        } catch (InvalidDocumentException e) {
            return Inputs.printProblems(spec.commandLine().getErr(), e);
        }
    }
}
