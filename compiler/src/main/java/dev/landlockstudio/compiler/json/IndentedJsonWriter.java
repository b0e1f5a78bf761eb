package dev.landlockstudio.compiler.json;

import tools.jackson.databind.JsonNode;

/**
 * Writes JSON in exactly {@link Json#MAPPER}'s indented layout (two spaces, {@code "key": value}, empty containers as
 * {@code {}} and {@code []}, a final newline), straight into one pre-sized buffer. For the large outputs a compile
 * writes, where the generic generator's per-token pretty printer costs more than the text itself. The caller keeps
 * the nesting balanced; names are the format's own constants.
 */
public final class IndentedJsonWriter {

    /**
     * What starts a member at each depth, appended whole (each append costs about as much as a short copy): a line
     * break and the indent, after a comma unless the member is its container's first.
     */
    private static final int PREPARED_DEPTH = 16;
    private static final String[] FIRST = new String[PREPARED_DEPTH];
    private static final String[] NEXT = new String[PREPARED_DEPTH];

    static {
        for (int depth = 0; depth < PREPARED_DEPTH; depth++) {
            FIRST[depth] = lineStart(depth);
            NEXT[depth] = "," + FIRST[depth];
        }
    }

    private final StringBuilder out;
    private int depth;
    /** No member has been written yet in the innermost open container. */
    private boolean first = true;

    public IndentedJsonWriter(int expectedLength) {
        out = new StringBuilder(expectedLength);
    }

    public IndentedJsonWriter startObject() {
        member();
        return open('{');
    }

    public IndentedJsonWriter startObject(String name) {
        name(name);
        return open('{');
    }

    public IndentedJsonWriter endObject() {
        return close('}');
    }

    public IndentedJsonWriter startArray(String name) {
        name(name);
        return open('[');
    }

    public IndentedJsonWriter endArray() {
        return close(']');
    }

    public IndentedJsonWriter number(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    public IndentedJsonWriter number(long value) {
        member();
        out.append(value);
        return this;
    }

    public IndentedJsonWriter bool(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    public IndentedJsonWriter string(String name, String value) {
        name(name);
        quoted(value);
        return this;
    }

    public IndentedJsonWriter string(String value) {
        member();
        quoted(value);
        return this;
    }

    /**
     * A member whose name and value come from elsewhere (a user's document), written as the mapper writes them. JSON
     * text holds a line break only between tokens, so indenting the mapper's lines places them at this depth.
     */
    public IndentedJsonWriter tree(String name, JsonNode value) {
        member();
        quoted(name);
        out.append(": ").append(Json.MAPPER.writeValueAsString(value).replace("\n", lineStart(depth)));
        return this;
    }

    /** The text written, with a final newline so that outputs diff cleanly. */
    public String finish() {
        return out.append('\n').toString();
    }

    /** A member's name: the format's own constant, so printable ASCII that needs no escape. */
    private void name(String name) {
        member();
        out.append('"').append(name).append("\": ");
    }

    /** What separates a member from the one before it: nothing before the root value. */
    private void member() {
        if (depth == 0) {
            return;
        }
        out.append(depth < PREPARED_DEPTH ? (first ? FIRST[depth] : NEXT[depth]) : (first ? "" : ",") + lineStart(depth));
        first = false;
    }

    private IndentedJsonWriter open(char bracket) {
        out.append(bracket);
        depth++;
        first = true;
        return this;
    }

    private IndentedJsonWriter close(char bracket) {
        depth--;
        if (!first) {
            out.append(depth < PREPARED_DEPTH ? FIRST[depth] : lineStart(depth));
        }
        out.append(bracket);
        // The container just closed is a member of its parent, so the parent is no longer empty.
        first = false;
        return this;
    }

    private static String lineStart(int depth) {
        return "\n" + "  ".repeat(depth);
    }

    /** Printable ASCII other than quote and backslash is written as it is; anything else as Jackson escapes it. */
    private void quoted(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                out.append(Json.MAPPER.writeValueAsString(value));
                return;
            }
        }
        out.append('"').append(value).append('"');
    }
}
