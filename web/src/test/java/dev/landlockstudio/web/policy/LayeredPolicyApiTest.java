package dev.landlockstudio.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.web.testing.ServerTest;
import dev.landlockstudio.web.testing.ServerEvents;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A stored policy's extends names saved policies, at their latest versions: a missing one is a 422 at /extends/i, and
 * export, explain and dry runs use the stack (examples/layers under names of this test's own).
 */
class LayeredPolicyApiTest extends ServerTest {

    private static String layer(String file, String name, String base) throws Exception {
        String text = Files.readString(Path.of("..", "examples", "layers", file + ".json"))
                .replace("\"name\": \"" + file + "\"", "\"name\": \"" + name + "\"");
        return base == null ? text : text.replace("\"extends\": [\"base\"]", "\"extends\": [\"" + base + "\"]");
    }

    @Test
    void anUnknownBaseIsRefusedNamingItsPlace() throws Exception {
        HttpResponse<String> refused = api.post("/api/policies", layer("web", "layered-orphan", "layered-nowhere"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode problem = Json.parse(refused.body()).get("problems").get(0);
        assertThat(problem.get("pointer").stringValue()).isEqualTo("/extends/0");
        assertThat(problem.get("message").stringValue()).isEqualTo("no policy is named \"layered-nowhere\"");
        assertThat(api.get("/api/policies/layered-orphan").statusCode()).isEqualTo(404);
    }

    @Test
    void exportExplainAndDryRunUseTheStackOfLatestVersions() throws Exception {
        assertThat(api.post("/api/policies", layer("base", "layered-base", null)).statusCode()).isEqualTo(201);
        HttpResponse<String> created = api.post("/api/policies", layer("web", "layered-web", "layered-base"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        HttpResponse<String> exported = api.get("/api/policies/layered-web/export?target=native&abi=7");
        assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
        JsonNode layers = Json.parse(exported.body()).get("layers");
        assertThat(layers.get(0).get("name").stringValue()).isEqualTo("layered-base");
        assertThat(layers.get(1).get("name").stringValue()).isEqualTo("layered-web");
        HttpResponse<String> oci = api.get("/api/policies/layered-web/export?target=oci&abi=7&envelope=true");
        assertThat(oci.body()).contains("layers-intersected");

        String policy = api.get("/api/policies/layered-web").body();
        HttpResponse<String> explained = api.post("/api/explain", "{\"policy\": " + policy + ", \"abi\": 7,"
                + " \"access\": \"write_file\", \"path\": \"/srv/www/index.html\"}");
        assertThat(explained.statusCode()).as(explained.body()).isEqualTo(200);
        assertThat(Json.parse(explained.body()).get("decision").get("reason").stringValue())
                .startsWith("layer 2 (layered-web) handles write_file");

        // The base's next version is what the stack holds from now on: it no longer grants writing beneath /srv.
        String narrower = layer("base", "layered-base", null).replace("\"abi.read_write\"", "\"read_file\", \"read_dir\"");
        assertThat(api.put("/api/policies/layered-base", narrower, "If-Match", "\"v1\"").statusCode()).isEqualTo(200);
        HttpResponse<String> after = api.post("/api/explain", "{\"policy\": " + policy + ", \"abi\": 7,"
                + " \"access\": \"write_file\", \"path\": \"/srv/data/f\"}");
        assertThat(Json.parse(after.body()).get("decision").get("reason").stringValue())
                .startsWith("layer 1 (layered-base) handles write_file");

        EnforcerTestSupport.requireLandlock();
        HttpResponse<String> started = api.post("/api/policies/layered-web/dry-runs", "{\"mode\": \"scratch\", \"probes\":"
                + " [\"write_file:/srv/data/f\", \"read_file:/srv/www/index.html\", \"bind_tcp:8081\"]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = Json.parse(started.body()).get("id").asLong();
        List<ServerEvents.Event> events = ServerEvents.read(server, api, "/api/dry-runs/" + id + "/events");
        List<JsonNode> rows = events.stream().filter(e -> e.name().equals("row")).map(ServerEvents.Event::data).toList();
        JsonNode end = events.stream().filter(e -> e.name().equals("end")).map(ServerEvents.Event::data).findFirst().orElseThrow();
        assertThat(end.get("status").stringValue()).as(end.toString()).isEqualTo("passed");
        assertThat(end.get("message").stringValue()).contains("ruleset stack of 2 (layered-base, layered-web): ");
        assertThat(rows).extracting(r -> r.get("actual").stringValue()).containsExactly("EACCES", "allowed", "EACCES");
    }
}
