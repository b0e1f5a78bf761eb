package dev.landlockstudio.web.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.web.testing.StudioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory of another user is refused, and left as it was: nothing is created in it. */
class PrivateDataDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void anotherUsersDataDirectoryIsRefused() throws Exception {
        EnforcerTestSupport.require("root".equals(System.getProperty("user.name")), "giving a folder to another user needs root");
        Path data = Files.createDirectory(parent.resolve("theirs"));
        UserPrincipal nobody = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(data, nobody);
        assertThatThrownBy(() -> StudioServer.start(data).close()).hasStackTraceContaining("belongs to nobody, not to root");
        try (var entries = Files.list(data)) {
            assertThat(entries).isEmpty();
        }
    }
}
