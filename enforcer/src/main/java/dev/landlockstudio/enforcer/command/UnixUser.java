package dev.landlockstudio.enforcer.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A user as /etc/passwd names it. */
public record UnixUser(String name, int uid, int gid) {

    /** The user named {@code name} in /etc/passwd. */
    public static UnixUser named(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":");
                if (fields.length > 3 && fields[0].equals(name)) {
                    return new UnixUser(name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /etc/passwd", e);
        }
        throw new IllegalArgumentException("no user " + name + " in /etc/passwd");
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
            return new UnixUser(System.getProperty("user.name"), uid, gid);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
    }
}
