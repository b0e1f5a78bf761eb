package dev.landlockstudio.compiler.formats.landlockconfig;

import dev.landlockstudio.compiler.formats.FormatMarks;
import dev.landlockstudio.compiler.formats.ImportReader;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads landlockconfig's JSON or TOML with landlockconfig's meaning (landlock-facts.md §5.1), alone or several files
 * composed into one policy. Missing paths are skipped, as landlockconfig skips paths it cannot open.
 */
public final class LandlockConfigImporter implements Importer {

    private static final TomlMapper TOML = new TomlMapper();

    private final LandlockConfigSpelling spelling;

    public LandlockConfigImporter(LandlockConfigSpelling spelling) {
        this.spelling = spelling;
    }

    /** A file read by {@link #compose}: what to call it in problems, and its text, JSON or TOML. */
    public record Source(String label, String text) {
    }

    @Override
    public Imported read(JsonNode document, String name) {
        return read(document, name, null);
    }

    @Override
    public Imported read(JsonNode document, String name, Path base) {
        ImportReader in = new ImportReader(Target.LANDLOCKCONFIG.vocabulary());
        LandlockConfig config = new LandlockConfigReader(in, spelling, null).read(document);
        return finish(in, config, name, base);
    }

    @Override
    public String mismatch(JsonNode document) {
        if (!document.isObject()) {
            return "not a " + spelling.name() + " object";
        }
        String foreign = FormatMarks.firstKeyOutside(document, spelling.topKeys());
        if (foreign != null) {
            return "it has the key \"" + foreign + "\", which landlockconfig's " + spelling.name() + " does not";
        }
        if (document.has(spelling.ruleset) || document.has("variable") || FormatMarks.someItemHas(document.get(spelling.pathBeneath), "parent")
                || FormatMarks.someItemHas(document.get(spelling.netPort), "port")) {
            return null;
        }
        return "no ruleset, variable, " + spelling.pathBeneath + " rule with parent or " + spelling.netPort + " rule with port";
    }

    /** {@code text} as a TOML tree, or null when it is not TOML. */
    public static JsonNode toml(String text) {
        try {
            JsonNode node = TOML.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * Several landlockconfig files composed as landlockconfig composes them, into one policy: what every file
     * handles, each rule with the rights all handle, variables merged before any parent is expanded.
     * Problems name the file they are in.
     */
    public static Imported compose(List<Source> sources, String name, Path base) {
        ImportReader in = new ImportReader(Target.LANDLOCKCONFIG.vocabulary());
        LandlockConfig composed = null;
        List<Problem> problems = new ArrayList<>();
        for (Source source : sources) {
            try {
                LandlockConfig config = read(source);
                if (composed == null) {
                    composed = config;
                } else {
                    composed.compose(config);
                }
            } catch (InvalidDocumentException e) {
                e.problems().forEach(p -> problems.add(new Problem(p.pointer(), "in " + source.label() + ": " + p.message())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems);
        }
        if (composed.handled.values().stream().allMatch(mask -> mask == 0)) {
            // landlockconfig cannot build a ruleset that handles nothing either.
            throw new InvalidDocumentException("", "these files handle no right in common: composed, they restrict nothing");
        }
        in.note("composed as landlockconfig composes: the rights every file handles, each rule limited to them,"
                + " variables merged across files");
        return finish(in, composed, name, base);
    }

    private static LandlockConfig read(Source source) {
        ImportReader in = new ImportReader(Target.LANDLOCKCONFIG.vocabulary());
        JsonNode document;
        LandlockConfigSpelling spelling;
        try {
            document = Json.parse(source.text());
            spelling = LandlockConfigSpelling.JSON;
        } catch (InvalidDocumentException notJson) {
            document = toml(source.text());
            spelling = LandlockConfigSpelling.TOML;
            if (document == null) {
                throw new InvalidDocumentException("", "neither JSON nor TOML: " + notJson.problems().get(0).message()
                        + "; as TOML: " + tomlProblem(source.text()));
            }
        }
        return new LandlockConfigReader(in, spelling, source.label()).read(document);
    }

    /** Why {@code text} is not TOML, with the line and column the parser stopped at. */
    public static String tomlProblem(String text) {
        try {
            TOML.readTree(text);
            return "no problem";
        } catch (JacksonException e) {
            var location = e.getLocation();
            String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
            return "malformed TOML: " + where + e.getOriginalMessage();
        }
    }

    private static Imported finish(ImportReader in, LandlockConfig config, String name, Path base) {
        in.note("landlockconfig skips paths that cannot be opened: every rule has ifMissing \"skip\"");
        if (!config.variables.isEmpty()) {
            in.note("variables expanded: " + String.join(", ", config.variables.keySet().stream()
                    .map(v -> "${" + v + "} = " + config.variables.get(v)).toList()));
        }
        return in.finish(config.resolve(in, name, base));
    }
}
