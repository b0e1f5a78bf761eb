package dev.landlockstudio.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A password change signs the user out everywhere else, and only there. */
class PasswordChangeTest extends ServerTest {

    @Test
    void aPasswordChangeEndsTheUsersOtherSessionsOnly() {
        server.bean(UserAccounts.class).add("traveller", server.bean(PasswordEncoder.class).encode("the old password"));
        BrowserSession laptop = BrowserSession.signIn(server, "traveller", "the old password");
        BrowserSession phone = BrowserSession.signIn(server, "traveller", "the old password");
        BrowserSession admin = BrowserSession.signIn(server, "admin", server.adminPassword());
        assertThat(laptop.cookie()).isNotEqualTo(phone.cookie());
        for (BrowserSession session : new BrowserSession[] {laptop, phone, admin}) {
            assertThat(session.get("/policies").statusCode()).isEqualTo(200);
            assertThat(session.get("/api/policies").statusCode()).isEqualTo(200);
        }

        laptop.post("/account/password", "current=the+old+password&password=a+new+long+password&repeated=a+new+long+password");

        assertThat(laptop.get("/account").body()).as("the session that changed it stays").contains("Password changed.");
        assertThat(laptop.get("/api/policies").statusCode()).isEqualTo(200);
        HttpResponse<String> page = phone.get("/policies");
        assertThat(page.statusCode()).as("the other session is signed out").isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(phone.get("/api/policies").statusCode()).isEqualTo(401);
        assertThat(admin.get("/policies").statusCode()).as("another user's session is untouched").isEqualTo(200);
        assertThat(BrowserSession.signIn(server, "traveller", "a new long password").location()).doesNotContain("/login");
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsRefusedClearly() {
        server.bean(UserAccounts.class).add("verbose", server.bean(PasswordEncoder.class).encode("a short one"));
        BrowserSession session = BrowserSession.signIn(server, "verbose", "a short one");
        String tooLong = "p".repeat(AccountPageController.LONGEST_PASSWORD_BYTES + 1);
        HttpResponse<String> refused = session.post("/account/password",
                "current=a+short+one&password=" + tooLong + "&repeated=" + tooLong);
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(session.get("/account").body()).contains("at most 72 bytes");
        assertThat(BrowserSession.signIn(server, "verbose", "a short one").location()).doesNotContain("/login");
    }
}
