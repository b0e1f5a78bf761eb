package dev.landlockstudio.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

    /** Someone deletes the policy while it is being edited: the save keeps the text and offers to create it again. */
    @Test
    void aSaveAfterADeleteKeepsTheTextToCreateItAgain() {
        BrowserSession session = BrowserSession.signIn(server, "admin", server.adminPassword());
        assertThat(session.post("/policies", "source=example&example=network-client&name=gone").statusCode()).isEqualTo(302);
        assertThat(api.delete("/api/policies/gone", "If-Match", "\"v1\"").statusCode()).isEqualTo(204);
        String typed = "{\"name\": \"gone\", \"description\": \"typed while it was deleted\"}";
        HttpResponse<String> saved = session.post("/policies/gone", "basedOn=1&document="
                + URLEncoder.encode(typed, StandardCharsets.UTF_8));
        assertThat(saved.statusCode()).isEqualTo(404);
        assertThat(saved.body()).contains("someone deleted gone while you edited it", "typed while it was deleted",
                "<option value=\"policy\" selected");
        HttpResponse<String> again = session.post("/policies", "source=import&from=policy&name=gone&file="
                + URLEncoder.encode(typed, StandardCharsets.UTF_8));
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(api.get("/api/policies/gone").headers().firstValue("ETag")).as("its versions continue").hasValue("\"v2\"");
    }
}
