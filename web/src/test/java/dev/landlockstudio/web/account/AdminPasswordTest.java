package dev.landlockstudio.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import org.junit.jupiter.api.Test;

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
}
