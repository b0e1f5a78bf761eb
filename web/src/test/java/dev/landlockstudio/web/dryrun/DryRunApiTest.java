package dev.landlockstudio.web.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerEvents;
import dev.landlockstudio.web.testing.ServerTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Dry runs through the API, live on this kernel: rows stored and streamed as server-sent events. */
class DryRunApiTest extends ServerTest {


    @BeforeAll
    static void storeExamples() throws Exception {
        assertThat(api.post("/api/policies", Files.readString(Path.of("..", "examples", "static-web-server.json"))).statusCode())
                .isEqualTo(201);
    }


    @Test
    void aScratchRunStreamsEveryRowThenItsEndAndKeepsThem() throws Exception {
        EnforcerTestSupport.requireLandlock();
        HttpResponse<String> started = api.post("/api/policies/static-web-server/dry-runs", "{\"mode\": \"scratch\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = Json.parse(started.body()).get("id").asLong();
        assertThat(started.headers().firstValue("Location")).hasValue("/api/dry-runs/" + id);

        List<ServerEvents.Event> events = ServerEvents.read(server, api, "/api/dry-runs/" + id + "/events");
        List<String> order = events.stream().map(ServerEvents.Event::name).toList();
        List<JsonNode> progress = events.stream().filter(e -> e.name().equals("progress")).map(ServerEvents.Event::data).toList();
        List<JsonNode> streamed = events.stream().filter(e -> e.name().equals("row")).map(ServerEvents.Event::data).toList();
        JsonNode end = events.stream().filter(e -> e.name().equals("end")).map(ServerEvents.Event::data).findFirst().orElse(null);
        assertThat(end).as("the stream ends with the run").isNotNull();
        assertThat(end.get("status").stringValue()).as(end.toString()).isEqualTo("passed");
        assertThat(end.get("message").stringValue()).as("what the ruleset enforces is kept with the run")
                .endsWith("; ruleset fully enforced at ABI " + EnforcerTestSupport.abi());
        assertThat(streamed).hasSizeGreaterThan(50);
        assertThat(streamed).extracting(r -> r.get("seq").asInt()).as("each row once, in order")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, streamed.size()).boxed().toList());
        assertThat(streamed).allMatch(r -> r.get("match").booleanValue());
        // How many probes there are is said before the first row, and each probe tried moves it on, up to all of them.
        assertThat(order.get(0)).isEqualTo("progress");
        int planned = progress.get(0).get("probes").asInt();
        assertThat(progress.get(0).get("tried").asInt()).isZero();
        assertThat(progress).allMatch(p -> p.get("probes").asInt() == planned);
        assertThat(progress.get(progress.size() - 1).get("tried").asInt()).isEqualTo(planned);
        assertThat(planned).isGreaterThanOrEqualTo(streamed.size());
        assertThat(end.get("probes").asInt()).isEqualTo(planned);
        assertThat(end.get("tried").asInt()).isEqualTo(planned);
        assertThat(end.get("outcome").stringValue()).isEqualTo("passed");
        // Each row names its place: a rule's pointer, or what no rule covers.
        assertThat(streamed).extracting(r -> r.get("group").stringValue()).contains("/pathBeneath/0", "outside");

        JsonNode stored = Json.parse(api.get("/api/dry-runs/" + id).body());
        assertThat(stored.get("rows")).hasSize(streamed.size());
        assertThat(stored.get("run").get("abi").asInt()).isEqualTo(EnforcerTestSupport.abi());
        assertThat(Json.parse(api.get("/api/policies/static-web-server/dry-runs").body()))
                .anyMatch(r -> r.get("id").asLong() == id);
    }

    @Test
    void givenProbesAreTriedAndBadOnesAreNamed() throws Exception {
        EnforcerTestSupport.requireLandlock();
        HttpResponse<String> started = api.post("/api/policies/static-web-server/dry-runs",
                "{\"mode\": \"scratch\", \"probes\": [\"write_file:/srv/www/index.html\", \"read_file:/srv/www/index.html\"]}");
        assertThat(started.statusCode()).isEqualTo(202);
        JsonNode done = waitFor(Json.parse(started.body()).get("id").asLong());
        assertThat(done.get("rows")).extracting(r -> r.get("actual").stringValue()).containsExactly("EACCES", "allowed");

        HttpResponse<String> bad = api.post("/api/policies/static-web-server/dry-runs",
                "{\"mode\": \"scratch\", \"probes\": [\"read_file:/ok\", \"fly:/x\"]}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(Json.parse(bad.body()).get("problems").get(0).get("pointer").stringValue()).isEqualTo("/probes/1");

        HttpResponse<String> destructiveOnHost = api.post("/api/policies/static-web-server/dry-runs",
                "{\"mode\": \"host\", \"probes\": [\"remove_file:/etc/hosts\"]}");
        assertThat(destructiveOnHost.statusCode()).isEqualTo(422);
        assertThat(Json.parse(destructiveOnHost.body()).get("detail").stringValue()).contains("changes what it touches");
    }

    @Test
    void hostAndOverlayRunsMatchToo(@TempDir Path lower) throws Exception {
        EnforcerTestSupport.requireLandlockAndMounts();
        assertThat(api.post("/api/policies", Files.readString(Path.of("..", "examples", "network-client.json"))).statusCode())
                .isEqualTo(201);
        JsonNode host = waitFor(Json.parse(api.post("/api/policies/network-client/dry-runs", "{\"mode\": \"host\"}").body())
                .get("id").asLong());
        assertThat(host.get("run").get("status").stringValue()).as(host.toString()).isEqualTo("passed");
        assertThat(host.get("rows")).extracting(r -> r.get("probe").stringValue()).anyMatch(p -> p.startsWith("read_dir /etc/ssl"));

        Files.createDirectories(lower.resolve("srv/www"));
        Files.writeString(lower.resolve("srv/www/index.html"), "hello");
        JsonNode overlay = waitFor(Json.parse(api.post("/api/policies/static-web-server/dry-runs",
                "{\"mode\": \"overlay\", \"lowerDir\": \"" + lower + "\"}").body()).get("id").asLong());
        assertThat(overlay.get("run").get("status").stringValue()).as(overlay.toString()).isEqualTo("passed");
        assertThat(overlay.get("rows")).extracting(r -> r.get("probe").stringValue())
                .anyMatch(p -> p.startsWith("rules on lower, via merged: "));
        assertThat(Files.readString(lower.resolve("srv/www/index.html"))).as("the lower layer is only read").isEqualTo("hello");
    }

    @Test
    void commandsAreOffUnlessEnabledAndOverlayNeedsADirectory() {
        HttpResponse<String> command = api.post("/api/policies/static-web-server/dry-runs",
                "{\"mode\": \"command\", \"command\": [\"cat\", \"/etc/hostname\"]}");
        assertThat(command.statusCode()).isEqualTo(403);
        assertThat(Json.parse(command.body()).get("detail").stringValue()).contains("landlock-studio.commands-enabled=true");

        HttpResponse<String> overlay = api.post("/api/policies/static-web-server/dry-runs", "{\"mode\": \"overlay\", \"lowerDir\": \"/no/such\"}");
        assertThat(overlay.statusCode()).isEqualTo(422);
        assertThat(Json.parse(overlay.body()).get("problems").get(0).get("pointer").stringValue()).isEqualTo("/lowerDir");

        HttpResponse<String> mode = api.post("/api/policies/static-web-server/dry-runs", "{\"mode\": \"everywhere\"}");
        assertThat(Json.parse(mode.body()).get("problems").get(0).get("pointer").stringValue()).isEqualTo("/mode");
        assertThat(api.get("/api/dry-runs/999999").statusCode()).isEqualTo(404);
    }

    /**
     * A run on stock kernels: bad kernels are named by their place; where the data directory has no kernel cache, the
     * problem says where the server looks and how to fetch them. Nothing is stored.
     */
    @Test
    void kernelRunsNameBadKernelsAndSayHowToFetchThem() {
        int runs = Json.parse(api.get("/api/policies/static-web-server/dry-runs").body()).size();
        assertProblem("{\"mode\": \"kernels\", \"kernels\": [2, 3]}", 422, "/kernels/1", "Debian has no stock kernel of Landlock ABI 3");
        assertProblem("{\"mode\": \"kernels\", \"kernels\": [\"11\"]}", 422, "/kernels/0", "must be a Landlock ABI");
        assertProblem("{\"mode\": \"kernels\", \"kernels\": \"some\"}", 422, "/kernels", "or \"all\"");
        assertProblem("{\"mode\": \"kernels\", \"kernels\": []}", 422, "/kernels", "such as [2, 11]");
        assertProblem("{\"mode\": \"scratch\", \"kernels\": [2]}", 422, "/kernels", "use mode kernels");
        assertProblem("{\"mode\": \"kernels\", \"env\": [\"A=1\"]}", 422, "/env", "only a command");

        HttpResponse<String> uncached = api.post("/api/policies/static-web-server/dry-runs", "{\"mode\": \"kernels\"}");
        assertThat(uncached.statusCode()).as(uncached.body()).isEqualTo(503);
        Path cache = data.resolve("kernels").toAbsolutePath().normalize();
        assertThat(Json.parse(uncached.body()).get("detail").stringValue()).isEqualTo("no stock kernel is cached in " + cache
                + ": fetch them with landlock-studio kernels fetch --dir " + cache
                + " (or set landlock-studio.kernel-cache to where they are)");
        JsonNode listing = Json.parse(api.get("/api/kernels").body());
        assertThat(listing.get("cache").stringValue()).isEqualTo(cache.toString());
        assertThat(listing.get("kernels")).extracting(k -> k.get("abi").asInt()).containsExactly(2, 6, 7, 8, 9, 10, 11);
        assertThat(listing.get("kernels")).noneMatch(k -> k.get("cached").booleanValue());
        assertThat(Json.parse(api.get("/api/policies/static-web-server/dry-runs").body()).size()).isEqualTo(runs);
        // The try form's choice is off, saying the same.
        String form = BrowserSession.signIn(server, "admin", server.adminPassword()).get("/policies/static-web-server/try").body();
        assertThat(form).containsPattern("<input type=\"radio\" name=\"mode\" value=\"kernels\"\\s+disabled")
                .contains("<code>landlock-studio kernels fetch --dir " + cache + "</code>");
    }

    private static void assertProblem(String request, int status, String pointer, String says) {
        HttpResponse<String> refused = api.post("/api/policies/static-web-server/dry-runs", request);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(status);
        JsonNode problem = Json.parse(refused.body()).get("problems").get(0);
        assertThat(problem.get("pointer").stringValue()).isEqualTo(pointer);
        assertThat(problem.get("message").stringValue()).contains(says);
    }

    /** The try form says what stops a run in its own words, by field, and keeps what was typed; nothing is stored. */
    @Test
    void theTryFormSaysWhatStopsARunByItsFields() {
        BrowserSession admin = BrowserSession.signIn(server, "admin", server.adminPassword());
        int runs = Json.parse(api.get("/api/policies/static-web-server/dry-runs").body()).size();
        HttpResponse<String> command = admin.post("/policies/static-web-server/try", "mode=command&command=ls");
        assertThat(command.statusCode()).isEqualTo(403);
        assertThat(command.body()).contains("The dry run did not start.").contains("landlock-studio.commands-enabled=true")
                .contains("id=\"try\"");
        HttpResponse<String> probe = admin.post("/policies/static-web-server/try",
                "mode=scratch&probes=read_file%3A%2Fok%0Afly%3A%2Fx");
        assertThat(probe.statusCode()).isEqualTo(422);
        assertThat(probe.body()).contains("<strong>Probe on line 2:</strong>").contains("unknown access &#39;fly&#39;")
                .contains("fly:/x</textarea>");
        assertThat(Json.parse(api.get("/api/policies/static-web-server/dry-runs").body()).size()).isEqualTo(runs);
    }

    /** A hard requirement this host's ABI cannot meet: kept as a failed run naming what cannot be expressed, nothing tried. */
    @Test
    void aHardRequirementTheHostCannotMeetIsKeptAsRefused() throws Exception {
        EnforcerTestSupport.requireLandlock();
        org.junit.jupiter.api.Assumptions.assumeTrue(EnforcerTestSupport.abi() < 9, "this host has resolve_unix (ABI 9)");
        assertThat(api.post("/api/policies", "{\"name\": \"needs-nine\", \"abi\": 9, \"compatibility\": \"hard_requirement\","
                + " \"handledAccessFs\": [\"read_file\", \"resolve_unix\"], \"pathBeneath\": [{\"paths\": [\"/srv\"],"
                + " \"allowedAccess\": [\"read_file\"]}]}").statusCode()).isEqualTo(201);
        HttpResponse<String> started = api.post("/api/policies/needs-nine/dry-runs", "{\"mode\": \"scratch\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode run = waitFor(Json.parse(started.body()).get("id").asLong());
        assertThat(run.get("run").get("status").stringValue()).isEqualTo("failed");
        assertThat(run.get("run").get("message").stringValue())
                .startsWith("refused: the policy is a hard requirement that ABI " + EnforcerTestSupport.abi() + " cannot meet: ")
                .contains("/handledAccessFs/1: resolve_unix needs ABI 9");
        assertThat(run.get("run").get("abi").asInt()).isEqualTo(EnforcerTestSupport.abi());
        assertThat(run.get("rows")).isEmpty();
    }

    static JsonNode waitFor(long id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonNode run = Json.parse(api.get("/api/dry-runs/" + id).body());
            if (!run.get("run").get("status").stringValue().equals("running")) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("dry run " + id + " did not finish in a minute");
    }
}
