package dev.landlockstudio.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.testing.ApiClient;
import dev.landlockstudio.web.testing.StudioServer;
import dev.landlockstudio.web.token.ApiTokenStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The H2 file database: what is stored survives a restart, and concurrent writers never overwrite each other. */
class StorageTest {

    @TempDir
    Path data;

    @Test
    void aRestartKeepsPoliciesVersionsUsersAndTokens() throws Exception {
        String token;
        String password;
        try (StudioServer first = StudioServer.start(data)) {
            password = first.adminPassword();
            token = first.bean(ApiTokenStore.class).create("admin", "kept").secret();
            ApiClient api = new ApiClient(first, token);
            assertThat(api.post("/api/policies", PolicyApiTest.policy("kept", "one")).statusCode()).isEqualTo(201);
            assertThat(api.put("/api/policies/kept", PolicyApiTest.policy("kept", "two"), "If-Match", "\"v1\"").statusCode()).isEqualTo(200);
        }
        try (StudioServer second = StudioServer.start(data)) {
            ApiClient api = new ApiClient(second, token);
            HttpResponse<String> kept = api.get("/api/policies/kept");
            assertThat(kept.statusCode()).as("the token still works").isEqualTo(200);
            assertThat(kept.headers().firstValue("ETag")).hasValue("\"v2\"");
            assertThat(Json.parse(api.get("/api/policies/kept/versions").body())).hasSize(2);
            assertThat(second.adminPassword()).as("no second admin is made").isEqualTo(password);
            assertThat(Files.list(data).map(p -> p.getFileName().toString())).anyMatch(f -> f.endsWith(".mv.db"));
        }
    }

    /** Two writers, each reading the latest version and saving on top of it, many rounds: nothing acknowledged is lost. */
    @Test
    void concurrentWritersNeverOverwriteAnAcknowledgedUpdate() throws Exception {
        try (StudioServer server = StudioServer.start(data)) {
            ApiClient api = ApiClient.forAdmin(server, "writers");
            twoWritersNeverOverwriteEachOther(api, api, 60);
        }
    }

    /**
     * Two writers, each through its own client, save the same policy {@code rounds} times each, both on the same
     * version every round: every acknowledged update is in the history, as it was sent, and none was overwritten.
     */
    static void twoWritersNeverOverwriteEachOther(ApiClient first, ApiClient second, int rounds) throws Exception {
        assertThat(first.post("/api/policies", PolicyApiTest.policy("contended", "start")).statusCode()).isEqualTo(201);
        Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        CyclicBarrier together = new CyclicBarrier(2);
        try {
            Future<Integer> a = writers.submit(() -> write(first, "a", rounds, together, acknowledged));
            Future<Integer> b = writers.submit(() -> write(second, "b", rounds, together, acknowledged));
            assertThat(a.get() + b.get()).as("each round both saved on the same version: one was refused").isGreaterThanOrEqualTo(rounds);
        } finally {
            writers.shutdownNow();
        }
        for (ApiClient reader : List.of(first, second)) {
            JsonNode versions = Json.parse(reader.get("/api/policies/contended/versions").body());
            assertThat(versions).hasSize(1 + 2 * rounds);
            acknowledged.forEach((version, description) -> assertThat(Json.parse(
                    reader.get("/api/policies/contended/versions/" + version).body()).get("description").stringValue())
                    .as("v%d", version).isEqualTo(description));
        }
        assertThat(acknowledged).hasSize(2 * rounds);
    }

    /**
     * Saves {@code rounds} updates, retrying each on 412; returns how many times it was refused. Each round both
     * writers read the latest version, then save at the same moment.
     */
    private static int write(ApiClient api, String writer, int rounds, CyclicBarrier together, Map<Integer, String> acknowledged)
            throws Exception {
        int refused = 0;
        for (int round = 0; round < rounds; round++) {
            String description = writer + "-" + round;
            boolean first = true;
            while (true) {
                String etag = api.get("/api/policies/contended").headers().firstValue("ETag").orElseThrow();
                if (first) {
                    together.await(30, TimeUnit.SECONDS);
                    first = false;
                }
                HttpResponse<String> saved = api.put("/api/policies/contended", PolicyApiTest.policy("contended", description),
                        "If-Match", etag);
                if (saved.statusCode() == 200) {
                    String previous = acknowledged.put(Json.parse(saved.body()).get("version").asInt(), description);
                    assertThat(previous).as("a version acknowledged twice").isNull();
                    break;
                }
                assertThat(saved.statusCode()).as(saved.body()).isEqualTo(412);
                refused++;
            }
            together.await(30, TimeUnit.SECONDS);
        }
        return refused;
    }
}
