package dev.landlockstudio.enforcer.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary directories named after the process that made them ({@code PREFIX PID-random}), so that what a run that
 * died left behind (the server killed in the middle of a trial) can be told from what a live one still uses.
 */
public final class OwnedTemporaryDirectories {

    private OwnedTemporaryDirectories() {
    }

    /** A new directory in the temporary directory, owned by this process. */
    public static Path create(String prefix) throws IOException {
        return create(prefix, ProcessHandle.current().pid());
    }

    /** As if made by process {@code owner}: tests stand in for a run that died. */
    public static Path create(String prefix, long owner) throws IOException {
        return Files.createTempDirectory(prefix + owner + "-");
    }

    /**
     * The directories of this prefix whose owner no longer runs (a name without a pid, an older layout, has none).
     * Only real directories of this process's user: the temporary directory is everyone's, and another user's entry
     * of the same name (or a link) could lead a removal anywhere; in ours, made 700, no one else can change a thing.
     */
    public static List<Path> leftovers(String prefix) throws IOException {
        Object us = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> !ownerAlive(prefix, p.getFileName().toString()))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && us.equals(uid(p))).toList();
        }
    }

    private static Object uid(Path path) {
        try {
            return Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the process that named {@code directory} (a file name of this prefix) runs. */
    public static boolean ownerAlive(String prefix, String directory) {
        String rest = directory.substring(prefix.length());
        int dash = rest.indexOf('-');
        if (dash <= 0 || dash > 18 || !rest.substring(0, dash).chars().allMatch(Character::isDigit)) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(rest.substring(0, dash))).map(ProcessHandle::isAlive).orElse(false);
    }
}
