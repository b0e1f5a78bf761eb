package dev.landlockstudio.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import dev.landlockstudio.web.testing.StudioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Once the administrator chooses a password, the file with the generated one goes. */
class AdminPasswordTest extends ServerTest {

    @Test
    void choosingAPasswordDeletesTheInitialOne() {
        String initial = server.adminPassword();
        BrowserSession session = BrowserSession.signIn(server, "admin", initial);
        session.post("/account/password", "current=" + initial + "&password=chosen+by+the+admin&repeated=chosen+by+the+admin");
        assertThat(data.resolve(InitialAdmin.FILE)).doesNotExist();
        assertThat(BrowserSession.signIn(server, "admin", initial).location()).endsWith("/login?error");
        assertThat(BrowserSession.signIn(server, "admin", "chosen by the admin").location()).doesNotContain("/login");
    }

    @Test
    void aStartStoppedBeforeThePasswordWasInPlaceIsFinishedByTheNext(@TempDir Path elsewhere) throws Exception {
        Path dir = elsewhere.resolve("data");
        String password;
        try (StudioServer first = StudioServer.start(dir)) {
            password = first.adminPassword();
        }
        // As a kill between making the account and moving its password file into place leaves the data directory.
        Files.move(dir.resolve(InitialAdmin.FILE), dir.resolve(InitialAdmin.FILE + ".new"));
        try (StudioServer second = StudioServer.start(dir)) {
            assertThat(second.adminPassword()).isEqualTo(password);
            assertThat(dir.resolve(InitialAdmin.FILE + ".new")).doesNotExist();
            assertThat(BrowserSession.signIn(second, "admin", password).location()).doesNotContain("/login");
        }
    }
}
