package dev.landlockstudio.compiler.json;

import dev.landlockstudio.compiler.policy.InvalidDocumentException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON configuration of the compiler: strict when reading, stable and indented when writing. */
public final class Json {

    /** Duplicate keys, trailing content and unknown properties are errors, never silently resolved. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPrettyPrinter(conventionalIndent())
            .build();

    private Json() {
    }

    /** Two-space indent, one value per line, {@code "key": value}: what people and diff tools expect. */
    private static DefaultPrettyPrinter conventionalIndent() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators)
                .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    }

    /** Parses {@code text}; malformed JSON is an {@link InvalidDocumentException} naming line and column. */
    public static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidDocumentException("", "the document is empty: expected a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            var location = e.getLocation();
            String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
            throw new InvalidDocumentException("", "malformed JSON: " + where + e.getOriginalMessage());
        }
    }

    /** Indented JSON with a final newline, so outputs diff cleanly. */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(value) + "\n";
    }
}
