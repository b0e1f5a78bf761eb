package dev.landlockstudio.web.system;

import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.util.ArrayList;
import java.util.List;

/** A command typed on a form, as the words it runs. */
public final class CommandWords {

    private CommandWords() {
    }

    /** A command line split into words as a shell would, quotes and backslashes included, without any expansion. */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            word = word == null ? new StringBuilder() : word;
            if (c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == '\\' && quote != '\'' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new InvalidDocumentException("/command", "a quote (" + quote + ") is not closed");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
