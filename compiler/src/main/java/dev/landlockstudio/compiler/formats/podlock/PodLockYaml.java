package dev.landlockstudio.compiler.formats.podlock;

import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * A LandlockProfile's YAML, as kubectl reads and writes it: one document, read into a tree with the line each JSON
 * pointer starts on, so that problems can name the line.
 */
public final class PodLockYaml {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            // The first document is read on its own; a second one is found by the token pass.
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * The first document, the line (from 1) of each pointer in it, and the line a second document starts on (0: none).
     */
    public record Parsed(JsonNode tree, Map<String, Integer> lines, int secondDocument) {

        /** This, when the file holds one document. */
        public Parsed single() {
            if (secondDocument > 0) {
                throw new InvalidDocumentException("", "line " + secondDocument + ": a second YAML document: import one"
                        + " LandlockProfile at a time");
            }
            return this;
        }

        /** The problems of reading {@code tree}, each said at the line of its pointer (or the nearest enclosing one). */
        public InvalidDocumentException located(InvalidDocumentException e) {
            return new InvalidDocumentException(e.problems().stream().map(p -> {
                Integer line = null;
                for (String pointer = p.pointer(); line == null && pointer != null; pointer = parent(pointer)) {
                    line = lines.get(pointer);
                }
                return line == null ? p : new Problem(p.pointer(), "line " + line + ": " + p.message());
            }).toList());
        }

        private static String parent(String pointer) {
            return pointer.isEmpty() ? null : pointer.substring(0, pointer.lastIndexOf('/'));
        }
    }

    private PodLockYaml() {
    }

    /** {@code text} as one YAML mapping, or null when it is no YAML mapping (JSON is YAML too, and is read as JSON). */
    public static Parsed mapping(String text) {
        try {
            Parsed parsed = parse(text);
            return parsed.tree().isObject() ? parsed : null;
        } catch (InvalidDocumentException e) {
            return null;
        }
    }

    /**
     * @throws InvalidDocumentException when {@code text} is not YAML
     */
    public static Parsed parse(String text) {
        Map<String, Integer> lines = new HashMap<>();
        int documents = 0;
        int depth = 0;
        try (JsonParser parser = MAPPER.createParser(new WholeCharacters(text))) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                depth += token.isStructEnd() ? -1 : 0;
                if (depth == 0 && !token.isStructEnd() && ++documents > 1) {
                    return new Parsed(first(text), Map.copyOf(lines), parser.currentTokenLocation().getLineNr());
                }
                lines.putIfAbsent(parser.streamReadContext().pathAsPointer().toString(),
                        parser.currentTokenLocation().getLineNr());
                depth += token.isStructStart() ? 1 : 0;
            }
            return new Parsed(documents == 0 ? MAPPER.missingNode() : first(text), Map.copyOf(lines), 0);
        } catch (JacksonException e) {
            var location = e.getLocation();
            String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
            // The YAML parser's message quotes the input over several lines; its first line says what is wrong.
            throw new InvalidDocumentException("", "malformed YAML: " + where + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** The first document of {@code text} as a tree. */
    private static JsonNode first(String text) {
        try (JsonParser parser = MAPPER.createParser(new WholeCharacters(text))) {
            return MAPPER.readTree(parser);
        }
    }

    /**
     * The text, never read out in a chunk that ends between the two halves of a surrogate pair: snakeyaml-engine 3.0.1
     * reads one more char past a chunk ending in a high surrogate, beyond its buffer when the chunk filled it.
     */
    private static final class WholeCharacters extends Reader {

        private final String text;
        private int next;

        WholeCharacters(String text) {
            this.text = text;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (next >= text.length()) {
                return -1;
            }
            int end = Math.min(text.length(), next + length);
            if (end - next > 1 && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            text.getChars(next, end, buffer, offset);
            int read = end - next;
            next = end;
            return read;
        }

        @Override
        public void close() {
        }
    }

    public static String write(JsonNode tree) {
        return MAPPER.writeValueAsString(tree);
    }
}
