package dev.landlockstudio.compiler.report;

import dev.landlockstudio.compiler.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * RFC 6902 add, remove and replace, as the editor applies a fix; the audit command and page apply theirs with it. The
 * document's text is kept: only what an operation adds, replaces or removes changes, so a hand-written document keeps
 * its layout and a fix reads as the lines it changed. A new value is written as its neighbours are: on lines of its
 * own in the conventional indentation where they are on lines of their own, else on one line.
 */
public final class JsonPatch {

    /** A value's place in the text, [start, end); a container's members or elements, in order. */
    private record Node(int start, int end, List<Entry> entries) {
    }

    /** A member (with its name; it starts at the name) or an element (name null) of a container. */
    private record Entry(String name, int start, Node value) {
    }

    private JsonPatch() {
    }

    public static String apply(String document, Fix fix) {
        String text = document;
        for (Fix.Operation op : fix.patch()) {
            text = applied(text, op);
        }
        return text;
    }

    private static String applied(String text, Fix.Operation op) {
        List<String> tokens = tokens(op.path());
        Node outer = null;
        Node parent = parse(text);
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            Entry entry = entry(text, parent, token);
            if (entry == null) {
                throw new IllegalArgumentException("no container at " + op.path());
            }
            outer = parent;
            parent = entry.value();
        }
        if (parent.entries() == null) {
            throw new IllegalArgumentException("no container at " + op.path());
        }
        String last = tokens.get(tokens.size() - 1);
        boolean array = text.charAt(parent.start()) == '[';
        Entry existing = array && last.equals("-") ? null : entry(text, parent, last);
        if (op.op().equals("add") && (array || existing == null)) {
            int index = !array ? parent.entries().size() : last.equals("-") ? parent.entries().size() : Integer.parseInt(last);
            if (index > parent.entries().size()) {
                throw new IllegalArgumentException("add past the end of " + op.path());
            }
            return inserted(text, outer, parent, index, (array ? "" : Json.MAPPER.writeValueAsString(last) + ": "), op.value());
        }
        if (existing == null) {
            throw new IllegalArgumentException(op.op() + " of a missing " + (array ? "element " : "member ") + op.path());
        }
        if (op.op().equals("remove")) {
            return removed(text, parent, parent.entries().indexOf(existing));
        }
        Node old = existing.value();
        boolean multiline = text.substring(old.start(), old.end()).contains("\n");
        return text.substring(0, old.start()) + written(op.value(), indentOf(text, existing.start()), multiline)
                + text.substring(old.end());
    }

    /** {@code text} with a new entry at {@code index} of {@code container}, laid out as its neighbours are. */
    private static String inserted(String text, Node outer, Node container, int index, String name, Object value) {
        List<Entry> entries = container.entries();
        Node around = entries.isEmpty() && outer != null ? outer : container;
        boolean multiline = text.substring(around.start(), around.end()).contains("\n");
        if (entries.isEmpty()) {
            String indent = indentOf(text, container.start()) + (multiline ? "  " : "");
            String entry = name + written(value, indent, multiline);
            return text.substring(0, container.start() + 1) + (multiline ? "\n" + indent + entry + "\n"
                    + indentOf(text, container.start()) : entry) + text.substring(container.end() - 1);
        }
        Entry neighbour = entries.get(Math.min(index, entries.size() - 1));
        String indent = indentOf(text, neighbour.start());
        String entry = name + written(value, indent, multiline);
        String separator = multiline ? "\n" + indent : " ";
        if (index == entries.size()) {
            int at = neighbour.value().end();
            return text.substring(0, at) + "," + separator + entry + text.substring(at);
        }
        return text.substring(0, neighbour.start()) + entry + "," + separator + text.substring(neighbour.start());
    }

    /** {@code text} without entry {@code index} of {@code container} and its comma. */
    private static String removed(String text, Node container, int index) {
        List<Entry> entries = container.entries();
        if (entries.size() == 1) {
            return text.substring(0, container.start() + 1) + text.substring(container.end() - 1);
        }
        if (index < entries.size() - 1) {
            return text.substring(0, entries.get(index).start()) + text.substring(entries.get(index + 1).start());
        }
        return text.substring(0, entries.get(index - 1).value().end()) + text.substring(entries.get(index).value().end());
    }

    /** {@code value} as JSON: conventionally indented from {@code indent} on, or on one line. */
    private static String written(Object value, String indent, boolean multiline) {
        String pretty = Json.MAPPER.writeValueAsString(value);
        // The printer alone writes raw line breaks: strings carry theirs escaped.
        return multiline ? pretty.replace("\n", "\n" + indent)
                : pretty.replaceAll("([\\[{])\n\\s*", "$1").replaceAll(",\n\\s*", ", ").replaceAll("\n\\s*([]}])", "$1");
    }

    /** The blanks that start the line {@code at} is on. */
    private static String indentOf(String text, int at) {
        int start = text.lastIndexOf('\n', at - 1) + 1;
        int end = start;
        while (end < at && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
            end++;
        }
        return text.substring(start, end);
    }

    /** The entry {@code token} names in {@code container}: a member by name (the last, as a parser keeps), or an element. */
    private static Entry entry(String text, Node container, String token) {
        if (container.entries() == null) {
            return null;
        }
        if (text.charAt(container.start()) == '[') {
            if (!token.matches("0|[1-9][0-9]{0,8}")) {
                return null;
            }
            int index = Integer.parseInt(token);
            return index < container.entries().size() ? container.entries().get(index) : null;
        }
        Entry found = null;
        for (Entry entry : container.entries()) {
            found = token.equals(entry.name()) ? entry : found;
        }
        return found;
    }

    private static Node parse(String text) {
        Json.parse(text); // Malformed JSON is reported as the editor reports it.
        try (JsonParser parser = Json.MAPPER.createParser(text)) {
            parser.nextToken();
            return node(parser, text);
        }
    }

    private static Node node(JsonParser parser, String text) {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        JsonToken token = parser.currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return new Node(start, scalarEnd(text, start), null);
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT && next != JsonToken.END_ARRAY;
             next = parser.nextToken()) {
            int entryStart = (int) parser.currentTokenLocation().getCharOffset();
            String name = null;
            if (next == JsonToken.PROPERTY_NAME) {
                name = parser.currentName();
                parser.nextToken();
            }
            entries.add(new Entry(name, entryStart, node(parser, text)));
        }
        return new Node(start, (int) parser.currentTokenLocation().getCharOffset() + 1, entries);
    }

    /** Where the string, number or literal at {@code start} ends. */
    private static int scalarEnd(String text, int start) {
        int end = start + 1;
        if (text.charAt(start) == '"') {
            while (text.charAt(end) != '"') {
                end += text.charAt(end) == '\\' ? 2 : 1;
            }
            return end + 1;
        }
        while (end < text.length() && ",]} \t\r\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    private static List<String> tokens(String pointer) {
        List<String> tokens = new ArrayList<>();
        for (String token : pointer.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }
}
