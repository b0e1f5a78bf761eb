package dev.landlockstudio.enforcer.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the temporary trees the enforcer makes (scratch trees, overlay layers). Symbolic links are removed, never followed. */
public final class FileTrees {

    private FileTrees() {
    }

    /** Deletes {@code root} and everything beneath it; nothing happens when it does not exist. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        deleteBeneath(root);
        Files.delete(root);
    }

    /** Deletes everything beneath the directory {@code root}, keeping {@code root} itself (a trial's "/", say). */
    public static void deleteBeneath(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(root)) {
                    Files.delete(p);
                }
            }
        }
    }
}
