package dev.landlockstudio.enforcer.command;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The environment of a confined command: never its caller's (a server's holds database passwords), only PATH,
 * HOME, LANG and TERM, with fixed values or the run-as user's home, and the variables the caller names, which win.
 */
public final class CommandEnvironment {

    static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private CommandEnvironment() {
    }

    /**
     * Adds {@code NAME=VALUE}, or {@code NAME} alone with the value {@code callerValues} gives (nothing when that is
     * null), to {@code into}.
     *
     * @param callerValues the caller's own variables, or null where {@code NAME} alone is refused
     * @throws IllegalArgumentException saying what to give instead
     */
    public static void put(Map<String, String> into, String spec, UnaryOperator<String> callerValues) {
        int equals = spec.indexOf('=');
        String name = equals < 0 ? spec : spec.substring(0, equals);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a variable name: give NAME=VALUE, NAME made of letters,"
                    + " digits and _ and not starting with a digit");
        }
        if (equals < 0 && callerValues == null) {
            throw new IllegalArgumentException("give " + name + "=VALUE: the command gets no variable of the server's own");
        }
        String value = equals < 0 ? callerValues.apply(name) : spec.substring(equals + 1);
        if (value == null) {
            return;
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the value of " + name + " holds a NUL character, which no environment can carry");
        }
        into.put(name, value);
    }

    /** The environment of a command run as {@code user}, as execve takes it (sorted, NAME=VALUE). */
    static String[] of(UnixUser user, Map<String, String> added) {
        Map<String, String> environment = new TreeMap<>();
        environment.put("PATH", PATH);
        environment.put("HOME", user.home());
        environment.put("LANG", "C.UTF-8");
        environment.put("TERM", "dumb");
        environment.putAll(added);
        return environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
