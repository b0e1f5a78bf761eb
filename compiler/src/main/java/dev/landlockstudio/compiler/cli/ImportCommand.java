package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.formats.ImportFormat;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Read another tool's Landlock configuration and print it as a policy document.",
                "Exit 0 when imported, 2 when the file is invalid (one 'POINTER: message' line per problem)."})
final class ImportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FORMAT",
            description = "One of: oci, oci-1111, go-landlock, landlockconfig.")
    String from;

    @Option(names = "--name", paramLabel = "NAME", description = "The policy's name (default: from the file name).")
    String name;

    @Parameters(paramLabel = "FILE", description = "The file to import ('-' for standard input).")
    String file;

    @Override
    public Integer call() {
        ImportFormat format = ImportFormat.byId(from).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "unknown format '" + from + "'; expected one of " + String.join(", ", ImportFormat.ids())));
        String text = Inputs.read(spec, file);
        try {
            Importer.Imported imported = format.importer().read(Json.parse(text), name == null ? nameFromFile() : name);
            imported.notes().forEach(note -> spec.commandLine().getErr().println("note: " + note));
            spec.commandLine().getOut().print(Json.write(imported.policy()));
            return ExitCode.OK;
        } catch (InvalidDocumentException e) {
            return Inputs.printProblems(spec.commandLine().getErr(), e);
        }
    }

    /** The file's base name without extension, reduced to the characters a policy name may hold. */
    private String nameFromFile() {
        String base = file.equals("-") ? "imported" : Path.of(file).getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        return cleaned.isEmpty() ? "imported" : cleaned.substring(0, Math.min(64, cleaned.length()));
    }
}
