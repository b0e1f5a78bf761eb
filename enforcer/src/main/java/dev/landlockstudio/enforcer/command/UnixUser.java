package dev.landlockstudio.enforcer.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/** A user as /etc/passwd names it, with the home directory a command run as it gets as HOME. */
public record UnixUser(String name, int uid, int gid, String home) {

    /** The user named {@code name} in /etc/passwd. */
    public static UnixUser named(String name) {
        String[] fields = passwd(f -> f[0].equals(name));
        if (fields == null) {
            throw new IllegalArgumentException("no user " + name + " in /etc/passwd");
        }
        return new UnixUser(name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]), fields[5]);
    }

    /** The user this process runs as. */
    public static UnixUser current() {
        try {
            int uid = -1;
            int gid = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Integer.parseInt(line.split("\\s+")[1]);
                } else if (line.startsWith("Gid:")) {
                    gid = Integer.parseInt(line.split("\\s+")[1]);
                }
            }
            String id = Integer.toString(uid);
            String[] fields = passwd(f -> f[2].equals(id));
            return new UnixUser(System.getProperty("user.name"), uid, gid,
                    fields == null ? System.getProperty("user.home") : fields[5]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
    }

    /** The fields of the first /etc/passwd entry that matches, or null. */
    private static String[] passwd(Predicate<String[]> matches) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/etc/passwd"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /etc/passwd", e);
        }
        for (String line : lines) {
            String[] fields = line.split(":", -1);
            if (fields.length > 5 && matches.test(fields)) {
                return fields;
            }
        }
        return null;
    }
}
