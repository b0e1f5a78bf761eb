package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.formats.Import;
import dev.landlockstudio.compiler.formats.ImportFormat;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigImporter;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Read another tool's Landlock configuration and print it as a policy document.",
                "The format is detected from the file's content unless --from names it; the first note says which.",
                "Several landlockconfig files (JSON or TOML) are composed into one policy, as landlockconfig composes them.",
                "A PodLock LandlockProfile (YAML or JSON) gives one container's binary: --select names it.",
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

    @Option(names = "--base", paramLabel = "DIR",
            description = "The directory a landlockconfig file's relative paths are taken from: the sandboxed program's"
                    + " working directory, from which landlockconfig opens them (default: this command's working directory).")
    Path base;

    @Option(names = "--select", paramLabel = "CONTAINER[/BINARY]",
            description = "The binary of a PodLock profile to read, e.g. nginx/usr/sbin/nginx (default: the profile's only"
                    + " one; when it holds several, the error lists them).")
    String select;

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "The file to import ('-' for standard input); several landlockconfig files are composed.")
    List<String> files;

    @Override
    public Integer call() {
        ImportFormat format = from == null ? null : ImportFormat.byId(from).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "unknown format '" + from + "'; expected one of " + String.join(", ", ImportFormat.ids())));
        if (files.size() > 1 && format != null && format != ImportFormat.LANDLOCKCONFIG) {
            throw new CommandLine.ParameterException(spec.commandLine(), "only landlockconfig files are composed: import one "
                    + from + " file at a time");
        }
        if (files.size() > 1 && select != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--select reads one PodLock file; several files"
                    + " are composed landlockconfig files");
        }
        Path baseDir = (base == null ? Path.of("") : base).toAbsolutePath().normalize();
        try {
            Import imported = files.size() == 1
                    ? Import.read(Inputs.read(spec, files.get(0)), format, name, nameFromFile(), baseDir, select)
                    : composed(baseDir);
            imported.notes().forEach(note -> spec.commandLine().getErr().println("note: " + note));
            spec.commandLine().getOut().print(Json.write(imported.policy()));
            return ExitCode.OK;
        } catch (InvalidDocumentException e) {
            return Inputs.printProblems(spec.commandLine().getErr(), e);
        }
    }

    private Import composed(Path baseDir) {
        List<LandlockConfigImporter.Source> sources = files.stream()
                .map(file -> new LandlockConfigImporter.Source(file, Inputs.read(spec, file))).toList();
        Importer.Imported imported = LandlockConfigImporter.compose(sources, name == null || name.isBlank() ? nameFromFile() : name.strip(), baseDir);
        return new Import(ImportFormat.LANDLOCKCONFIG.id(), imported.policy(), imported.notes());
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
        String file = files.get(0);
        String stem = file.equals("-") ? "imported" : Path.of(file).getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String cleaned = stem.replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        return cleaned.isEmpty() ? "imported" : cleaned.substring(0, Math.min(64, cleaned.length()));
    }
}
