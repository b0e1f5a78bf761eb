package dev.landlockstudio.compiler.json;

import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
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
            .addModule(new RecordCreators())
            .build();

    /**
     * For binding documents that must match their schema exactly: no scalar is coerced ("80" is not 80, 1.0 is
     * not 1, 4 is not an enum). Explicit nulls bind like absent values, so callers check {@link #mayContainNull}.
     */
    public static final JsonMapper STRICT_MAPPER = MAPPER.rebuild()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .withCoercionConfigDefaults(c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();

    /**
     * Whether {@code text} may hold a JSON null token. A null token always follows ':', '[' or ',' (or starts the
     * document), so this finds every one; "null" inside a string may answer true, never a missed null.
     */
    public static boolean mayContainNull(String text) {
        for (int at = text.indexOf("null"); at >= 0; at = text.indexOf("null", at + 4)) {
            int before = at - 1;
            while (before >= 0 && Character.isWhitespace(text.charAt(before))) {
                before--;
            }
            if (before < 0 || text.charAt(before) == ':' || text.charAt(before) == '[' || text.charAt(before) == ',') {
                return true;
            }
        }
        return false;
    }

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
