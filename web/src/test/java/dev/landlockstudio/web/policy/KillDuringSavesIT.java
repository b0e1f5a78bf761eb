package dev.landlockstudio.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.testing.LaunchedServer;
import dev.landlockstudio.web.testing.StudioServer;
import dev.landlockstudio.web.token.ApiTokenStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real server, killed with SIGKILL while several writers save new versions of several policies over HTTP, then
 * started again on the same data directory: every version that was answered to a client (a save's 2xx, or a read's
 * ETag) is there with exactly that content, and no version number is given twice, before the crash or after it.
 */
class KillDuringSavesIT {

    private static final int POLICIES = 4;
    private static final int WRITERS = 8;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 250;

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private String token;

    /** What the clients were told: per policy, each version number and the document it named. */
    private final Map<String, Map<Integer, String>> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, String>> seen = new ConcurrentHashMap<>();
    private final AtomicInteger saves = new AtomicInteger();

    @Test
    void everyAcknowledgedVersionSurvivesAKillAndNoNumberIsReused() throws Exception {
        try (StudioServer setup = StudioServer.start(data)) {
            token = setup.bean(ApiTokenStore.class).create("admin", "crash-test").secret();
        }
        try (LaunchedServer server = LaunchedServer.start(data)) {
            for (int p = 0; p < POLICIES; p++) {
                String name = "crash-" + p;
                acknowledged.put(name, new ConcurrentHashMap<>());
                seen.put(name, new ConcurrentHashMap<>());
                String document = PolicyApiTest.policy(name, "created");
                HttpResponse<String> created = send(server, request(server, "/api/policies").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(document)));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                acknowledged.get(name).put(1, document);
            }
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String writer = "w" + w;
                String name = "crash-" + (w % POLICIES);
                running.add(writers.submit(() -> writeUntilTheServerIsGone(server, name, writer)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (saves.get() < ACKNOWLEDGED_BEFORE_KILL && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(server.kill()).as("ended by SIGKILL").isEqualTo(128 + 9);
            for (Future<?> writer : running) {
                writer.get(30, TimeUnit.SECONDS);
            }
            writers.shutdown();
        }
        assertThat(saves.get()).as("the writers saved before the kill").isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

        try (LaunchedServer again = LaunchedServer.start(data)) {
            List<String> wrong = new ArrayList<>();
            for (String name : acknowledged.keySet()) {
                JsonNode versions = Json.parse(send(again, request(again, "/api/policies/" + name + "/versions").GET()).body());
                Set<Integer> numbers = new HashSet<>();
                versions.forEach(v -> assertThat(numbers.add(v.get("version").asInt())).as("%s lists v%s once", name, v).isTrue());
                wrong.addAll(stillNamed(again, name, acknowledged.get(name), "acknowledged"));
                wrong.addAll(stillNamed(again, name, seen.get(name), "read"));
            }
            int told = acknowledged.values().stream().mapToInt(Map::size).sum();
            assertThat(wrong).as("of %d acknowledged versions, lost or changed by the crash", told).isEmpty();

            for (String name : acknowledged.keySet()) {
                // A save after the restart takes a number no client was ever given before.
                HttpResponse<String> latest = send(again, request(again, "/api/policies/" + name).GET());
                HttpResponse<String> next = send(again, request(again, "/api/policies/" + name).header("Content-Type", "application/json")
                        .header("If-Match", latest.headers().firstValue("ETag").orElseThrow())
                        .PUT(HttpRequest.BodyPublishers.ofString(PolicyApiTest.policy(name, "after the restart"))));
                assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
                int version = Json.parse(next.body()).get("version").asInt();
                assertThat(acknowledged.get(name)).as("%s v%d was answered before the crash", name, version).doesNotContainKey(version);
                assertThat(seen.get(name)).as("%s v%d was read before the crash", name, version).doesNotContainKey(version);
            }
        }
    }

    /** The versions of {@code told} that no longer name the document the client was given. */
    private List<String> stillNamed(LaunchedServer server, String name, Map<Integer, String> told, String how) {
        List<String> wrong = new ArrayList<>();
        told.forEach((version, document) -> {
            HttpResponse<String> stored = send(server, request(server, "/api/policies/" + name + "/versions/" + version).GET());
            if (stored.statusCode() != 200 || !stored.body().equals(document)) {
                wrong.add(how + " " + name + " v" + version + ": now " + stored.statusCode() + " " + stored.body());
            }
        });
        return wrong;
    }

    /** Reads the latest version and saves on top of it, again and again (retrying on 412), until the server is gone. */
    private void writeUntilTheServerIsGone(LaunchedServer server, String name, String writer) {
        try {
            for (int n = 0; ; n++) {
                HttpResponse<String> latest = http.send(request(server, "/api/policies/" + name).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(latest.statusCode()).as(latest.body()).isEqualTo(200);
                String etag = latest.headers().firstValue("ETag").orElseThrow();
                remember(seen, name, Integer.parseInt(etag.replaceAll("[^0-9]", "")), latest.body(), "read");
                String document = PolicyApiTest.policy(name, writer + "-" + n);
                HttpResponse<String> saved = http.send(request(server, "/api/policies/" + name)
                        .header("Content-Type", "application/json").header("If-Match", etag)
                        .PUT(HttpRequest.BodyPublishers.ofString(document)).build(), HttpResponse.BodyHandlers.ofString());
                if (saved.statusCode() == 200) {
                    remember(acknowledged, name, Json.parse(saved.body()).get("version").asInt(), document, "acknowledged");
                    saves.incrementAndGet();
                } else {
                    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(412);
                }
            }
        } catch (IOException e) {
            // Killed: a save in flight was never answered, so either outcome is right.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void remember(Map<String, Map<Integer, String>> told, String name, int version, String document, String how) {
        String before = told.get(name).putIfAbsent(version, document);
        assertThat(before == null || before.equals(document)).as("%s v%d %s with two contents", name, version, how).isTrue();
    }

    private HttpRequest.Builder request(LaunchedServer server, String path) {
        return HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(LaunchedServer server, HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("no answer from the server:\n" + server.log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
