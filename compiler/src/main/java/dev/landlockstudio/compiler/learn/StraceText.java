package dev.landlockstudio.compiler.learn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The pieces of strace's printing that carry paths: quoted strings and the {@code <path>} that -y puts after a descriptor. */
final class StraceText {

    private StraceText() {
    }

    /**
     * The text of a quoted argument ({@code "/tmp/a b"}, escapes decoded), or null when the argument is no complete
     * string (a NULL pointer, or a string cut off with {@code ...}).
     */
    static String string(String token) {
        if (token == null || token.length() < 2 || !token.startsWith("\"") || !token.endsWith("\"")) {
            return null;
        }
        return unescape(token.substring(1, token.length() - 1));
    }

    /** The path after a descriptor ({@code 3</tmp/d>}, {@code AT_FDCWD</root>}), or null when strace printed none. */
    static String descriptorPath(String token) {
        if (token == null) {
            return null;
        }
        int open = token.indexOf('<');
        if (open <= 0 || !token.endsWith(">")) {
            return null;
        }
        return decoration(token.substring(open + 1, token.length() - 1));
    }

    /** What -y printed between {@code <} and {@code >}, escapes decoded. */
    static String decoration(String printed) {
        String path = unescape(printed);
        // A file removed while open keeps its last name, marked.
        return path.endsWith(" (deleted)") ? path.substring(0, path.length() - 10) : path;
    }

    /** The descriptor's number or name before its path: "3", "AT_FDCWD". */
    static String descriptor(String token) {
        int open = token.indexOf('<');
        return open < 0 ? token : token.substring(0, open);
    }

    /** strace's C escapes: \" \\ \n \t \r \v \f, octal \ooo and hex \xhh bytes, read as UTF-8. */
    private static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'n' -> bytes.write('\n');
                case 't' -> bytes.write('\t');
                case 'r' -> bytes.write('\r');
                case 'v' -> bytes.write(0x0b);
                case 'f' -> bytes.write('\f');
                case 'x' -> {
                    int end = Math.min(text.length(), i + 3);
                    int value = 0;
                    int j = i + 1;
                    while (j < end && Character.digit(text.charAt(j), 16) >= 0) {
                        value = value * 16 + Character.digit(text.charAt(j), 16);
                        j++;
                    }
                    bytes.write(value);
                    i = j - 1;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int value = 0;
                        int j = i;
                        while (j < text.length() && j < i + 3 && text.charAt(j) >= '0' && text.charAt(j) <= '7') {
                            value = value * 8 + (text.charAt(j) - '0');
                            j++;
                        }
                        bytes.write(value);
                        i = j - 1;
                    } else {
                        bytes.writeBytes(String.valueOf(e).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
