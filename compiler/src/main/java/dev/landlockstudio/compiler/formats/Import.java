package dev.landlockstudio.compiler.formats;

import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigImporter;
import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigSpelling;
import dev.landlockstudio.compiler.formats.podlock.PodLockImporter;
import dev.landlockstudio.compiler.formats.podlock.PodLockSelection;
import dev.landlockstudio.compiler.formats.podlock.PodLockYaml;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A file read into a policy, in the format it was found to be in ({@code format}: its id). The format is detected
 * from the file's marks (see {@link Importer#mismatch}, {@link LineImporter#mismatch}); when one is chosen and the file
 * has another's marks, that is a problem naming the other, since reading it as the chosen one would only list
 * unknown keys.
 */
public record Import(String format, Policy policy, List<String> notes) {

    private static final Pattern C_SOURCE = Pattern.compile("(?m)^\\s*#\\s*include\\b");
    private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TOML = Pattern.compile("(?m)^\\s*\\[\\[?[A-Za-z_][A-Za-z0-9_.]*]]?\\s*$");

    /**
     * @param chosen       the format the file is said to be in, or null to detect it
     * @param name         the policy's name, or null or blank for the document's own (a policy) or {@code fallbackName}
     * @throws InvalidDocumentException when the file matches no format (a problem per format, saying why), looks like
     *                                  another format than {@code chosen}, or is not valid in its format
     */
    public static Import read(String text, ImportFormat chosen, String name, String fallbackName) {
        return read(text, chosen, name, fallbackName, null);
    }

    /**
     * As {@link #read(String, ImportFormat, String, String)}; {@code base} is the directory the file's relative paths
     * are taken from (landlockconfig opens them from the sandboxed program's working directory), or null when there is
     * none, which leaves a relative path a problem.
     */
    public static Import read(String text, ImportFormat chosen, String name, String fallbackName, Path base) {
        return read(text, chosen, name, fallbackName, base, null);
    }

    /**
     * As {@link #read(String, ImportFormat, String, String, Path)}; {@code select} is the binary of a PodLock profile to
     * read, as CONTAINER[/BINARY], or null or blank for the profile's only one. A PodLock profile is read from YAML as
     * from JSON, and its problems name their line.
     */
    public static Import read(String text, ImportFormat chosen, String name, String fallbackName, Path base, String select) {
        PodLockSelection selection = selection(select);
        JsonNode document = null;
        InvalidDocumentException notJson = null;
        try {
            document = Json.parse(text);
        } catch (InvalidDocumentException e) {
            notJson = e;
        }
        String given = name == null || name.isBlank() ? null : name.strip();
        if (document == null && (chosen == null || chosen == ImportFormat.LANDLOCKCONFIG)) {
            // TOML is landlockconfig's alone, so a TOML file with its marks is read as landlockconfig's.
            JsonNode toml = LandlockConfigImporter.toml(text);
            LandlockConfigImporter reader = new LandlockConfigImporter(LandlockConfigSpelling.TOML);
            if (toml != null && (chosen != null || reader.mismatch(toml) == null)) {
                Importer.Imported imported = reader.read(toml, given != null ? given : fallbackName, base);
                List<String> notes = new ArrayList<>();
                if (chosen == null) {
                    notes.add("detected as landlockconfig: landlockconfig TOML");
                }
                notes.addAll(imported.notes());
                return new Import(ImportFormat.LANDLOCKCONFIG.id(), imported.policy(), List.copyOf(notes));
            }
        }
        PodLockYaml.Parsed yaml = document == null && (chosen == null || chosen == ImportFormat.PODLOCK) ? yaml(text, chosen) : null;
        if (yaml != null) {
            document = yaml.tree();
        }
        Map<ImportFormat, String> mismatches = new LinkedHashMap<>();
        List<ImportFormat> matching = new ArrayList<>();
        for (ImportFormat format : ImportFormat.values()) {
            String mismatch = format.mismatch(text, document);
            if (mismatch == null) {
                matching.add(format);
            } else {
                mismatches.put(format, mismatch);
            }
        }
        if (chosen == null && document == null && matching.isEmpty()) {
            throw notJson(text, notJson);
        }
        ImportFormat format = chosen == null ? detected(matching, mismatches) : checked(chosen, matching, mismatches);
        if (selection != null && format != ImportFormat.PODLOCK) {
            throw new InvalidDocumentException("", "select picks a container's binary of a PodLock profile, and this file is "
                    + format.id() + ", which holds one policy");
        }
        if (document == null && format.importer().isPresent()) {
            throw notJson(text, notJson);
        }
        JsonNode ownName = document == null ? null : document.get("name");
        if (format == ImportFormat.PODLOCK) {
            ownName = document.at("/metadata/name");
        }
        String policyName = given != null ? given
                : (format == ImportFormat.POLICY || format == ImportFormat.PODLOCK) && ownName != null && ownName.isString()
                && POLICY_NAME.matcher(ownName.stringValue()).matches() ? ownName.stringValue() : fallbackName;
        Importer.Imported imported;
        try {
            imported = format.read(text, document, policyName, base, selection);
        } catch (InvalidDocumentException e) {
            throw yaml == null ? e : yaml.located(e);
        }
        List<String> notes = new ArrayList<>();
        if (chosen == null) {
            notes.add("detected as " + format.id() + ": " + format.description());
        }
        notes.addAll(imported.notes());
        return new Import(format.id(), imported.policy(), List.copyOf(notes));
    }

    /** The PodLock binary {@code select} names, or null; a problem when it is malformed. */
    private static PodLockSelection selection(String select) {
        if (select == null || select.isBlank()) {
            return null;
        }
        try {
            return PodLockSelection.parse(select.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException("", "select " + e.getMessage());
        }
    }

    /**
     * The file as a YAML mapping when it is PodLock's (or said to be, when a malformed one is a problem), else null:
     * YAML is PodLock's alone among the formats read.
     */
    private static PodLockYaml.Parsed yaml(String text, ImportFormat chosen) {
        if (chosen == null) {
            PodLockYaml.Parsed yaml = PodLockYaml.mapping(text);
            return yaml != null && new PodLockImporter(null).mismatch(yaml.tree()) == null ? yaml.single() : null;
        }
        PodLockYaml.Parsed yaml = PodLockYaml.parse(text).single();
        if (!yaml.tree().isObject()) {
            throw new InvalidDocumentException("", "a LandlockProfile is a YAML mapping (apiVersion, kind, metadata, spec),"
                    + " not " + (yaml.tree().isMissingNode() ? "an empty file" : "a " + yaml.tree().getNodeType().name().toLowerCase()));
        }
        return yaml;
    }

    private static ImportFormat detected(List<ImportFormat> matching, Map<ImportFormat, String> mismatches) {
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            List<Problem> problems = new ArrayList<>();
            problems.add(new Problem("", "this file matches none of the formats tried (" + String.join(", ", ImportFormat.ids())
                    + "): choose its format to see every problem, or fix the file"));
            mismatches.forEach((f, why) -> problems.add(new Problem("", "not " + f.id() + ": " + why)));
            throw new InvalidDocumentException(problems);
        }
        throw new InvalidDocumentException("", "this file could be any of " + ids(matching) + ": choose its format");
    }

    private static ImportFormat checked(ImportFormat chosen, List<ImportFormat> matching, Map<ImportFormat, String> mismatches) {
        if (!matching.contains(chosen) && matching.size() == 1) {
            ImportFormat other = matching.get(0);
            throw new InvalidDocumentException("", "this file looks like " + other.id() + " — " + other.description()
                    + " — not " + chosen.id() + ": " + mismatches.get(chosen) + ". Import it as " + other.id()
                    + ", or let the format be detected");
        }
        return chosen;
    }

    /** Why a file that is not JSON, and has no format of lines' marks, is not read: it is said to be what it looks like. */
    private static InvalidDocumentException notJson(String text, InvalidDocumentException e) {
        String message = e.problems().get(0).message();
        if (C_SOURCE.matcher(text).find()) {
            return new InvalidDocumentException("", "this looks like C source (the c target's output), which is not"
                    + " read back: import the policy or the native ruleset instead (" + message + ")");
        }
        if (TOML.matcher(text).find()) {
            JsonNode toml = LandlockConfigImporter.toml(text);
            String why = toml == null ? LandlockConfigImporter.tomlProblem(text)
                    : new LandlockConfigImporter(LandlockConfigSpelling.TOML).mismatch(toml);
            return new InvalidDocumentException("", "this looks like TOML, the only TOML read is landlockconfig's, and"
                    + " this is not it: " + why);
        }
        PodLockYaml.Parsed yaml = PodLockYaml.mapping(text);
        if (yaml != null) {
            return new InvalidDocumentException("", "this looks like YAML, the only YAML read is PodLock's LandlockProfile,"
                    + " and this is not it: " + new PodLockImporter(null).mismatch(yaml.tree()));
        }
        List<String> lineFormats = Arrays.stream(ImportFormat.values()).filter(f -> f.lineImporter().isPresent())
                .map(ImportFormat::id).toList();
        return new InvalidDocumentException("", "this file has no line of " + String.join(" or ", lineFormats)
                + ", and every other format imported is JSON: " + message);
    }

    private static String ids(List<ImportFormat> formats) {
        return formats.stream().map(ImportFormat::id).collect(Collectors.joining(", "));
    }
}
