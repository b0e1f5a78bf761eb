package dev.landlockstudio.compiler.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The shell words some formats are made of. Writing: a word is bare when it can be, else in single quotes.
 * Reading: only what a line of plain words needs, single and double quotes and backslash escapes; an expansion
 * or an operator is refused, since what it stands for is not in the file.
 */
public final class ShellWords {

    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_./:@%+,=-]*");
    private static final String OPERATORS = ";|&<>()";

    private ShellWords() {
    }

    public static String quote(String word) {
        return BARE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * The words of one line, quotes removed; a word starting with # starts a comment.
     *
     * @throws IllegalArgumentException saying what cannot be read
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null && c == '#') {
                break;
            }
            word = word == null ? new StringBuilder() : word;
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("a single quote is not closed");
                }
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("a backslash ends the line: continued lines are not read");
                }
                word.append(line.charAt(++i));
            } else if (c == '$' || c == '`') {
                throw expansion(c);
            } else if (OPERATORS.indexOf(c) >= 0) {
                throw new IllegalArgumentException("\"" + c + "\" is a shell operator: write plain words, one assignment or"
                        + " command per line");
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Reads a double-quoted part into {@code word}; returns the index of the closing quote. */
    private static int doubleQuoted(String line, int from, StringBuilder word) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '$' || c == '`') {
                throw expansion(c);
            }
            if (c == '\\' && i + 1 < line.length() && "$`\"\\".indexOf(line.charAt(i + 1)) >= 0) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
        throw new IllegalArgumentException("a double quote is not closed");
    }

    private static IllegalArgumentException expansion(char c) {
        return new IllegalArgumentException("\"" + c + "\" starts an expansion, whose value is not in the file: write the"
                + " value itself");
    }
}
