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

    /** The import form takes landlockconfig's base directory and a PodLock profile's binary, and keeps them on a problem. */
    @Test
    void theImportFormTakesTheBaseDirectoryAndThePodLockBinary() {
        BrowserSession session = BrowserSession.signIn(server, "admin", server.adminPassword());
        String config = "{\"abi\": 4, \"ruleset\": [{\"handledAccessFs\": [\"abi.all\"]}], "
                + "\"pathBeneath\": [{\"allowedAccess\": [\"read_file\"], \"parent\": [\"data\"]}]}";
        HttpResponse<String> noBase = session.post("/policies", "source=import&name=relative&file=" + encoded(config));
        assertThat(noBase.statusCode()).isEqualTo(422);
        assertThat(noBase.body()).contains("id=\"import-base\"");
        HttpResponse<String> badBase = session.post("/policies", "source=import&name=relative&base=srv&file=" + encoded(config));
        assertThat(badBase.statusCode()).isEqualTo(400);
        assertThat(badBase.body()).contains("expected an absolute directory", "value=\"srv\"");
        assertThat(session.post("/policies", "source=import&name=relative&base=/srv/app&file=" + encoded(config)).statusCode())
                .isEqualTo(302);
        assertThat(api.get("/api/policies/relative").body()).contains("/srv/app/data");

        String profile = """
                apiVersion: podlock.kubewarden.io/v1alpha1
                kind: LandlockProfile
                metadata: {name: web}
                spec:
                  profilesByContainer:
                    nginx:
                      /usr/sbin/nginx: {readOnly: [/etc/nginx]}
                      /bin/sh: {readExec: [/bin]}
                """;
        HttpResponse<String> unselected = session.post("/policies", "source=import&file=" + encoded(profile));
        assertThat(unselected.statusCode()).isEqualTo(422);
        assertThat(unselected.body()).contains("nginx/usr/sbin/nginx, nginx/bin/sh");
        HttpResponse<String> selected = session.post("/policies", "source=import&select=nginx/bin/sh&file=" + encoded(profile));
        assertThat(selected.statusCode()).as(selected.body()).isEqualTo(302);
        assertThat(api.get("/api/policies/web").body()).contains("/bin").doesNotContain("/etc/nginx");
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
