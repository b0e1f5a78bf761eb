package dev.landlockstudio.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.testing.ServerTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Stored policies over REST, against the real app and its H2 file database. */
class PolicyApiTest extends ServerTest {




    static String policy(String name, String description) {
        return """
                {"name": "%s", "description": "%s", "abi": 7,
                 "pathBeneath": [{"paths": ["/usr"], "allowedAccess": ["read_file", "read_dir"]}]}
                """.formatted(name, description);
    }

    @Test
    void createReadUpdateAndTheHistoryKeepsEveryVersion() {
        String first = policy("crud", "first");
        HttpResponse<String> created = api.post("/api/policies?note=start", first);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"v1\"");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/policies/crud");

        HttpResponse<String> read = api.get("/api/policies/crud");
        assertThat(read.body()).as("the document exactly as given").isEqualTo(first);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"v1\"");

        HttpResponse<String> updated = api.put("/api/policies/crud?note=wider", policy("crud", "second"), "If-Match", "\"v1\"");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(Json.parse(updated.body()).get("version").asInt()).isEqualTo(2);
        assertThat(Json.parse(updated.body()).get("author").stringValue()).isEqualTo("admin");

        JsonNode versions = Json.parse(api.get("/api/policies/crud/versions").body());
        assertThat(versions).extracting(v -> v.get("version").asInt()).containsExactly(2, 1);
        assertThat(versions).extracting(v -> v.get("note").stringValue()).containsExactly("wider", "start");
        assertThat(api.get("/api/policies/crud/versions/1").body()).isEqualTo(first);

        JsonNode diff = Json.parse(api.get("/api/policies/crud/diff?from=1&to=2").body());
        assertThat(diff.get("changes")).hasSize(1);
        assertThat(diff.get("summary")).extracting(JsonNode::stringValue).containsExactly("description changed");
        assertThat(diff.get("changes").get(0).get("pointer").stringValue()).isEqualTo("/description");
        assertThat(diff.get("changes").get(0).get("to").stringValue()).isEqualTo("second");
    }

    @Test
    void aStaleUpdateIsRefusedAndNamesTheLatestVersion() {
        api.post("/api/policies", policy("stale", "v1"));
        assertThat(api.put("/api/policies/stale", policy("stale", "v2"), "If-Match", "\"v1\"").statusCode()).isEqualTo(200);

        HttpResponse<String> stale = api.put("/api/policies/stale", policy("stale", "lost?"), "If-Match", "\"v1\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.parse(stale.body()).get("latestVersion").asInt()).isEqualTo(2);
        assertThat(Json.parse(stale.body()).get("detail").stringValue()).contains("based on v1");

        HttpResponse<String> unversioned = api.put("/api/policies/stale", policy("stale", "blind"));
        assertThat(unversioned.statusCode()).isEqualTo(428);
        assertThat(Json.parse(api.get("/api/policies/stale").body()).get("description").stringValue()).isEqualTo("v2");
        assertThat(Json.parse(api.get("/api/policies/stale/versions").body())).hasSize(2);
    }

    @Test
    void invalidDocumentsGetEachProblemWithItsPointerAndChangeNothing() {
        HttpResponse<String> invalid = api.post("/api/policies", """
                {"name": "bad", "abi": 99, "pathBeneath": [{"paths": ["/usr"], "allowedAccess": ["read_file", "fly"]}]}""");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problems = Json.parse(invalid.body()).get("problems");
        assertThat(problems).extracting(p -> p.get("pointer").stringValue())
                .contains("/abi", "/pathBeneath/0/allowedAccess/1");
        assertThat(api.get("/api/policies/bad").statusCode()).isEqualTo(404);

        HttpResponse<String> syntax = api.post("/api/policies", "{\"name\": ");
        assertThat(syntax.statusCode()).isEqualTo(422);

        api.post("/api/policies", policy("renamed", "x"));
        HttpResponse<String> rename = api.put("/api/policies/renamed", policy("other-name", "x"), "If-Match", "\"v1\"");
        assertThat(rename.statusCode()).isEqualTo(422);
        assertThat(Json.parse(rename.body()).get("problems").get(0).get("pointer").stringValue()).isEqualTo("/name");

        HttpResponse<String> badTag = api.put("/api/policies/renamed", policy("renamed", "x"), "If-Match", "yesterday");
        assertThat(badTag.statusCode()).isEqualTo(400);
        assertThat(Json.parse(badTag.body()).get("parameter").stringValue()).isEqualTo("If-Match");
    }

    @Test
    void creatingANameThatExistsIsAConflict() {
        assertThat(api.post("/api/policies", policy("twice", "a")).statusCode()).isEqualTo(201);
        HttpResponse<String> again = api.post("/api/policies", policy("twice", "b"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Json.parse(api.get("/api/policies/twice").body()).get("description").stringValue()).isEqualTo("a");
    }

    @Test
    void deletingHidesThePolicyButKeepsItsHistory() {
        api.post("/api/policies", policy("gone", "a"));
        assertThat(api.delete("/api/policies/gone").statusCode()).as("without If-Match").isEqualTo(428);
        assertThat(api.delete("/api/policies/gone", "If-Match", "\"v1\"").statusCode()).isEqualTo(204);
        assertThat(api.get("/api/policies/gone").statusCode()).isEqualTo(404);
        assertThat(Json.parse(api.get("/api/policies").body())).noneMatch(p -> p.get("name").stringValue().equals("gone"));
        assertThat(api.get("/api/policies/gone/versions/1").statusCode()).isEqualTo(200);

        HttpResponse<String> recreated = api.post("/api/policies", policy("gone", "back"));
        assertThat(recreated.statusCode()).isEqualTo(201);
        assertThat(recreated.headers().firstValue("ETag")).as("its history continues").hasValue("\"v2\"");
    }

    @Test
    void theListIsSearchedByNameAndDescription() {
        api.post("/api/policies", policy("search-nginx", "serves static files"));
        api.post("/api/policies", policy("search-python", "a web service"));
        assertThat(Json.parse(api.get("/api/policies?q=NGINX").body())).extracting(p -> p.get("name").stringValue())
                .containsExactly("search-nginx");
        assertThat(Json.parse(api.get("/api/policies?q=web%20serv").body())).extracting(p -> p.get("name").stringValue())
                .containsExactly("search-python");
        assertThat(Json.parse(api.get("/api/policies?q=_").body())).as("'_' is searched for, not a wildcard").isEmpty();
        assertThat(Json.parse(api.get("/api/policies?q=%25").body())).as("'%' is searched for, not a wildcard").isEmpty();
    }

    @Test
    void unknownPoliciesAndVersionsAre404() {
        assertThat(api.get("/api/policies/nobody").statusCode()).isEqualTo(404);
        api.post("/api/policies", policy("one-version", "a"));
        HttpResponse<String> missing = api.get("/api/policies/one-version/versions/7");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.parse(missing.body()).get("detail").stringValue()).contains("no version 7");
    }
}
