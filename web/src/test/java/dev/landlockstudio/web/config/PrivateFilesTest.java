package dev.landlockstudio.web.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real H2 file database opened through {@code private:}: every file and directory H2 makes is this user's only. */
class PrivateFilesTest {

    @TempDir
    Path dir;

    @Test
    void filesH2CreatesLaterArePrivateToo() throws Exception {
        PrivateFiles.register();
        Path nested = dir.resolve("made-by-h2");
        // TRACE_LEVEL_FILE=3 has H2 write its .trace.db at once, as it otherwise does on the first error.
        try (Connection connection = DriverManager.getConnection("jdbc:h2:private:" + nested + "/db;TRACE_LEVEL_FILE=3", "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (x INT)");
            try {
                statement.execute("SELECT nothing FROM nowhere");
            } catch (SQLException expected) {
                // Traced.
            }
        }
        assertThat(mode(nested)).isEqualTo("rwx------");
        assertThat(mode(nested.resolve("db.mv.db"))).isEqualTo("rw-------");
        assertThat(mode(nested.resolve("db.trace.db"))).isEqualTo("rw-------");
    }

    @Test
    void anExistingDatabaseFileIsTightenedWhenOpened() throws Exception {
        PrivateFiles.register();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir + "/db", "sa", "")) {
            connection.createStatement().execute("CREATE TABLE t (x INT)");
        }
        Files.setPosixFilePermissions(dir.resolve("db.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (Connection connection = DriverManager.getConnection("jdbc:h2:private:" + dir + "/db", "sa", "")) {
            assertThat(connection.createStatement().executeQuery("SELECT COUNT(*) FROM t").next()).isTrue();
        }
        assertThat(mode(dir.resolve("db.mv.db"))).isEqualTo("rw-------");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
