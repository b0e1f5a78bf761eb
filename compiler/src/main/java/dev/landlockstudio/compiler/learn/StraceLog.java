package dev.landlockstudio.compiler.learn;

import dev.landlockstudio.compiler.audit.Ignored;
import dev.landlockstudio.compiler.audit.Lines;
import dev.landlockstudio.compiler.audit.Lines.Unreadable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recording as {@code strace -f -qq -y -o FILE} writes it: one system call a line after the pid, a call interrupted
 * by another process's split into {@code <unfinished ...>} and {@code <... NAME resumed>}. Every line that gives no
 * system call is listed as ignored with the reason, never thrown; process and signal notes ({@code +++}, {@code ---})
 * carry no access and are passed over.
 */
public record StraceLog(List<Syscall> syscalls, List<Ignored> ignored) {

    private static final Pattern PID = Pattern.compile("^(?:\\[pid\\s+)?(\\d+)\\]?\\s+");
    private static final Pattern NAME = Pattern.compile("^([a-z_][a-z0-9_]*)\\(");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. ([a-z_][a-z0-9_]*) resumed>(.*)$");
    private static final String UNFINISHED = " <unfinished ...>";

    public static StraceLog read(String text) {
        List<Syscall> syscalls = new ArrayList<>();
        Map<Integer, String> unfinished = new HashMap<>();
        List<Ignored> ignored = Lines.read(text, (number, line) -> {
            Syscall call = readLine(number, line, unfinished);
            if (call != null) {
                syscalls.add(call);
            }
        });
        unfinished.forEach((pid, start) -> ignored.add(new Ignored(0, "unfinished: the call never resumed (the process ended"
                + " in it, or the recording was cut)", pid + " " + start)));
        return new StraceLog(List.copyOf(syscalls), List.copyOf(ignored));
    }

    /** The call a line ends, or null when it ends none (an unfinished half, a note). */
    private static Syscall readLine(int number, String line, Map<Integer, String> unfinished) throws Unreadable {
        int pid = 0;
        String body = line.strip();
        Matcher p = PID.matcher(body);
        if (p.find()) {
            pid = Integer.parseInt(p.group(1));
            body = body.substring(p.end());
        }
        if (body.startsWith("+++") || body.startsWith("---")) {
            return null;
        }
        if (body.endsWith(UNFINISHED)) {
            unfinished.put(pid, body.substring(0, body.length() - UNFINISHED.length()));
            return null;
        }
        Matcher resumed = RESUMED.matcher(body);
        if (resumed.matches()) {
            String start = unfinished.remove(pid);
            if (start == null || !start.startsWith(resumed.group(1) + "(")) {
                throw new Unreadable("resumed: no unfinished " + resumed.group(1) + " of process " + pid + " before it");
            }
            body = start + resumed.group(2);
        }
        Matcher name = NAME.matcher(body);
        if (!name.find()) {
            throw new Unreadable("unknown shape: no system call name and '(' at the start");
        }
        List<String> args = new ArrayList<>();
        int close = splitArguments(body, name.end(), args);
        String rest = body.substring(close + 1).strip();
        if (!rest.startsWith("=")) {
            throw new Unreadable("unknown shape: no ' = ' result after the arguments");
        }
        return new Syscall(number, pid, name.group(1), List.copyOf(args), rest.substring(1).strip());
    }

    /**
     * Splits the arguments from {@code from} at commas outside strings, brackets, braces, parentheses, comments and
     * -y's {@code <path>}; returns the index of the closing parenthesis.
     */
    private static int splitArguments(String body, int from, List<String> args) throws Unreadable {
        int depth = 0;
        int start = from;
        int i = from;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '"') {
                i = stringEnd(body, i);
            } else if (c == '<' && i > from && isDescriptorEnd(body.charAt(i - 1))) {
                int end = body.indexOf('>', i);
                if (end < 0) {
                    throw new Unreadable("truncated: a descriptor's <path> does not end");
                }
                i = end;
            } else if (c == '/' && i + 1 < body.length() && body.charAt(i + 1) == '*') {
                int end = body.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new Unreadable("truncated: a comment does not end");
                }
                i = end + 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    if (c != ')') {
                        throw new Unreadable("unknown shape: '" + c + "' closes nothing");
                    }
                    String last = body.substring(start, i).strip();
                    if (!last.isEmpty() || !args.isEmpty()) {
                        args.add(last);
                    }
                    return i;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(body.substring(start, i).strip());
                start = i + 1;
            }
            i++;
        }
        throw new Unreadable("truncated: the arguments do not end");
    }

    /** A descriptor's number, or AT_FDCWD's last letter, comes right before -y's path. */
    private static boolean isDescriptorEnd(char c) {
        return Character.isDigit(c) || c == 'D';
    }

    private static int stringEnd(String body, int open) throws Unreadable {
        for (int i = open + 1; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        throw new Unreadable("truncated: a string does not end");
    }
}
