package dev.landlockstudio.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class NewPolicyPageTest extends ServerTest {

    @Test
    void aTakenNameIsSaidInThePagesWordsWithWhatWasTypedKept() {
        BrowserSession session = BrowserSession.signIn(server, "admin", server.adminPassword());
        assertThat(session.post("/policies", "source=example&example=network-client&name=taken").statusCode()).isEqualTo(302);
        HttpResponse<String> again = session.post("/policies", "source=scratch&name=taken&description=second+try");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("a policy of this name exists already: choose another name", "second try")
                .doesNotContain("If-Match", "PUT");
    }
}
