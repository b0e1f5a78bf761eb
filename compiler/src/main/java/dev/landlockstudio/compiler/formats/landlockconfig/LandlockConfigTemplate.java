package dev.landlockstudio.compiler.formats.landlockconfig;

import dev.landlockstudio.compiler.formats.ImportReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A landlockconfig parent path with its variables: {@code ${name}} stands for each of the variable's literals,
 * {@code $$} for one {@code $}, and a {@code $} before anything else is itself. A name starts with an ASCII letter,
 * then letters, digits or {@code _}. A parent with several variables stands for every combination.
 *
 * @param parts the text between variables, and each variable's name, in order; a name is marked by {@link #isName}
 */
record LandlockConfigTemplate(List<String> parts, List<Boolean> names) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** The template written as {@code text}, or null with a problem at {@code pointer}. */
    static LandlockConfigTemplate parse(ImportReader in, String text, String pointer) {
        List<String> parts = new ArrayList<>();
        List<Boolean> names = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$$", i)) {
                literal.append('$');
                i += 2;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    in.problem(pointer, "unclosed variable reference at position " + i + " of \"" + text + "\"");
                    return null;
                }
                String name = text.substring(i + 2, end);
                if (!NAME.matcher(name).matches()) {
                    in.problem(pointer, "invalid variable name \"" + name + "\" at position " + i
                            + ": a name starts with an ASCII letter, then letters, digits or _");
                    return null;
                }
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    names.add(false);
                    literal.setLength(0);
                }
                parts.add(name);
                names.add(true);
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty() || parts.isEmpty()) {
            parts.add(literal.toString());
            names.add(false);
        }
        return new LandlockConfigTemplate(List.copyOf(parts), List.copyOf(names));
    }

    boolean isName(int part) {
        return names.get(part);
    }

    /** The first variable this template uses that {@code variables} does not define, or null. */
    String undefined(Map<String, ? extends Set<String>> variables) {
        for (int i = 0; i < parts.size(); i++) {
            if (isName(i) && !variables.containsKey(parts.get(i))) {
                return parts.get(i);
            }
        }
        return null;
    }

    /** Every path this template stands for: one per combination of literals, none when a variable has none. */
    List<String> expand(Map<String, ? extends Set<String>> variables) {
        List<String> paths = List.of("");
        for (int i = 0; i < parts.size(); i++) {
            Set<String> values = isName(i) ? variables.get(parts.get(i)) : Set.of(parts.get(i));
            List<String> longer = new ArrayList<>();
            for (String start : paths) {
                for (String value : values) {
                    longer.add(start + value);
                }
            }
            paths = longer;
        }
        return paths;
    }

    /** As landlockconfig writes it back: variables as ${name}, a literal $ doubled. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            text.append(isName(i) ? "${" + parts.get(i) + "}" : parts.get(i).replace("$", "$$"));
        }
        return text.toString();
    }
}
