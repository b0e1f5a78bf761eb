package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.formats.Import;
import dev.landlockstudio.compiler.formats.ImportFormat;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Read another tool's Landlock configuration and print it as a policy document.",
                "The format is detected from the file's content unless --from names it; the first note says which.",
                "Exit 0 when imported, 2 when the file is invalid or matches no format (one 'POINTER: message' line per problem)."})
final class ImportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", paramLabel = "FORMAT",
            description = "One of: ${COMPLETION-CANDIDATES} (default: detected from the content).", completionCandidates = Formats.class)
    String from;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The policy's name (default: a policy document's own, else from the file name).")
    String name;

    @Parameters(paramLabel = "FILE", description = "The file to import ('-' for standard input).")
    String file;

    @Override
    public Integer call() {
        ImportFormat format = from == null ? null : ImportFormat.byId(from).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "unknown format '" + from + "'; expected one of " + String.join(", ", ImportFormat.ids())));
        String text = Inputs.read(spec, file);
        try {
            Import imported = Import.read(text, format, name, nameFromFile());
            imported.notes().forEach(note -> spec.commandLine().getErr().println("note: " + note));
            spec.commandLine().getOut().print(Json.write(imported.policy()));
            return ExitCode.OK;
        } catch (InvalidDocumentException e) {
            return Inputs.printProblems(spec.commandLine().getErr(), e);
        }
    }

    /** The format ids, for --help. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ImportFormat.ids().iterator();
        }
    }

    /** The file's base name without extension, reduced to the characters a policy name may hold. */
    private String nameFromFile() {
        String base = file.equals("-") ? "imported" : Path.of(file).getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        return cleaned.isEmpty() ? "imported" : cleaned.substring(0, Math.min(64, cleaned.length()));
    }
}
