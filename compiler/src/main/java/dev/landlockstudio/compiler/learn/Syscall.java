package dev.landlockstudio.compiler.learn;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One system call as {@code strace -f -y} wrote it, unfinished and resumed halves joined.
 *
 * @param line   the line it ended on in the recording, from 1
 * @param pid    the process (thread) that made it; 0 when the recording has no pid column
 * @param name   the system call's name
 * @param args   its arguments as strace printed them, split at the top level
 * @param result what follows {@code =}: {@code 3</tmp/a>}, {@code 0}, {@code -1 ENOENT (No such file or directory)}
 */
public record Syscall(int line, int pid, String name, List<String> args, String result) {

    private static final Pattern RETURNED = Pattern.compile("^(-?(?:0x[0-9a-f]+|\\d+))(?:<(.*)>)?(?:\\s+(E[A-Z0-9]+))?");

    /** Whether it succeeded: a value of 0 or more (a non-blocking connect's EINPROGRESS counts too: it passed the checks). */
    public boolean succeeded() {
        Matcher m = RETURNED.matcher(result);
        if (!m.find()) {
            return false;
        }
        return !m.group(1).startsWith("-") || "EINPROGRESS".equals(m.group(3));
    }

    /** The error name of a failed call ({@code ENOENT}), or "?" when strace shows none. */
    public String errno() {
        Matcher m = RETURNED.matcher(result);
        return m.find() && m.group(3) != null ? m.group(3) : "?";
    }

    /** The returned number (a child's pid for clone), or -1 when there is none. */
    public long returned() {
        Matcher m = RETURNED.matcher(result);
        if (!m.find()) {
            return -1;
        }
        String n = m.group(1);
        return n.startsWith("0x") ? Long.parseLong(n.substring(2), 16) : Long.parseLong(n);
    }

    /** The path strace -y printed after a returned descriptor ({@code 3</tmp/a>}: /tmp/a), or null. */
    public String returnedDescriptor() {
        Matcher m = RETURNED.matcher(result);
        return m.find() && m.group(2) != null ? StraceText.decoration(m.group(2)) : null;
    }

    /** Argument {@code i}, or null when the call has fewer. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }
}
