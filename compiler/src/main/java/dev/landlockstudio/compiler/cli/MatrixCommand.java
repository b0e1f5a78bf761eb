package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.matrix.Matrix;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = {"Show what a policy becomes for every Landlock ABI and target: enforced fully, partially,"
                + " not at all, or refused; which handled rights each one leaves unrestricted; and which probed"
                + " accesses each allows or denies unlike the policy as written."})
final class MatrixCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "POLICY", description = "The policy file ('-' for standard input).")
    String policyFile;

    @Option(names = "--json", description = "Print every cell with its report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PolicyReader.ReadPolicy policy;
        try {
            policy = StackResolver.alone(PolicyReader.read(Inputs.read(spec, policyFile)), "matrix");
        } catch (InvalidDocumentException e) {
            return Inputs.printProblems(spec.commandLine().getErr(), e);
        }
        List<Matrix.Cell> cells = Matrix.of(policy.resolved());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(cells));
            return ExitCode.OK;
        }
        StringBuilder header = new StringBuilder(String.format("%-5s", "ABI"));
        for (Target target : Target.values()) {
            header.append(String.format(" %-14s", target.id()));
        }
        out.println(header.toString().stripTrailing());
        for (int i = 0; i < cells.size(); i += Target.values().length) {
            StringBuilder row = new StringBuilder(String.format("%-5d", cells.get(i).abi()));
            for (int t = 0; t < Target.values().length; t++) {
                row.append(String.format(" %-14s", cells.get(i + t).status().documentName()));
            }
            out.println(row.toString().stripTrailing());
        }
        List<String> summary = Matrix.summary(cells);
        if (!summary.isEmpty()) {
            out.println();
            summary.forEach(out::println);
        }
        return ExitCode.OK;
    }
}
