package dev.landlockstudio.web.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Learning runs a command, so on a server with its defaults (commands off) it is refused everywhere, and says how to turn it on. */
class LearnOffTest extends ServerTest {

    @Test
    void theApiRefusesAndStoresNothing() {
        HttpResponse<String> learn = api.post("/api/learns", "{\"command\": [\"true\"]}");
        assertThat(learn.statusCode()).isEqualTo(403);
        assertThat(Json.parse(learn.body()).get("type").stringValue()).endsWith("commands-disabled");
        assertThat(Json.parse(learn.body()).get("detail").stringValue()).contains("landlock-studio.commands-enabled=true");
        assertThat(Json.parse(api.get("/api/learns").body()).size()).isZero();
        assertThat(api.get("/api/learns/1").statusCode()).isEqualTo(404);
    }

    @Test
    void thePageSaysItIsOffAndHasNoForm() {
        BrowserSession admin = BrowserSession.signIn(server, "admin", server.adminPassword());
        HttpResponse<String> page = admin.get("/learn");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"learn-off\"").contains("--landlock-studio.commands-enabled=true")
                .doesNotContain("id=\"learn\"");
        HttpResponse<String> posted = admin.post("/learn", "command=true");
        assertThat(posted.statusCode()).isEqualTo(403);
        assertThat(posted.body()).contains("The learn did not start.");
        assertThat(admin.get("/learns/1").statusCode()).isEqualTo(404);
    }
}
