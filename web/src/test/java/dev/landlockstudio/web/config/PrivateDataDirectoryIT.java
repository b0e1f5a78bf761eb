package dev.landlockstudio.web.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.web.testing.LaunchedServer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server, started with umask 000 on a data directory left world-readable: the directory is made 0700 and
 * everything in it is private (files 0600, directories 0700), the database file included.
 */
class PrivateDataDirectoryIT {

    @TempDir
    Path parent;

    @Test
    void theDataDirectoryAndItsFilesArePrivateWhateverTheUmask() throws Exception {
        Path data = Files.createDirectory(parent.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path old = Files.writeString(data.resolve("notes.txt"), "left by someone\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-rw-rw-"));

        List<String> permissive = List.of("sh", "-c", "umask 000 && exec \"$0\" \"$@\"");
        try (LaunchedServer server = LaunchedServer.start(permissive, data)) {
            assertThat(server.log()).contains("now rwx------");
            for (int i = 0; i < 100 && !Files.exists(data.resolve("initial-admin-password")); i++) {
                Thread.sleep(50);
            }
            Map<String, String> modes = modes(data);
            assertThat(modes).as("what the server made").containsKeys("landlock-studio.mv.db", "initial-admin-password", "tomcat");
            assertThat(modes).as("ls -l of the data directory").allSatisfy((name, mode) ->
                    assertThat(mode).as(name).isEqualTo(Files.isDirectory(data.resolve(name), LinkOption.NOFOLLOW_LINKS)
                            ? "rwx------" : "rw-------"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        }
    }

    /** Each entry directly in {@code dir}, with its mode as ls shows it. */
    private static Map<String, String> modes(Path dir) throws Exception {
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                modes.put(entry.getFileName().toString(),
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS)));
            }
        }
        return modes;
    }
}
