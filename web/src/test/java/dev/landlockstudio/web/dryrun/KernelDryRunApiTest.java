package dev.landlockstudio.web.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.enforcer.kernels.CachedStockKernels;
import dev.landlockstudio.enforcer.kernels.StockKernel;
import dev.landlockstudio.web.testing.ApiClient;
import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerEvents;
import dev.landlockstudio.web.testing.StudioServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Dry runs on stock kernels through the API, live: the kernels of ABI 2 and 11 booted under qemu, each kernel's heading
 * streamed before its rows, every probe as predicted. The server's kernel cache holds those two only (links to the
 * machine's cache), so that another ABI is one not cached.
 */
class KernelDryRunApiTest {

    private static final List<Integer> ABIS = List.of(2, 11);

    @TempDir
    static Path data;
    @TempDir
    static Path kernels;
    static StudioServer server;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        CachedStockKernels.require(StockKernel.ofAbis(ABIS));
        for (int abi : ABIS) {
            Files.createSymbolicLink(kernels.resolve("abi-" + abi), CachedStockKernels.CACHE.resolve("abi-" + abi));
        }
        server = StudioServer.start(data, "--landlock-studio.kernel-cache=" + kernels);
        api = ApiClient.forAdmin(server, "tests");
        assertThat(api.post("/api/policies", Files.readString(Path.of("..", "examples", "static-web-server.json"))).statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eachKernelSaysItsReleaseAndAbiThenItsRowsAllAsPredicted() throws Exception {
        HttpResponse<String> started = api.post("/api/policies/static-web-server/dry-runs",
                "{\"mode\": \"kernels\", \"kernels\": [11, 2]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode run = Json.parse(started.body());
        assertThat(run.get("mode").stringValue()).isEqualTo("kernels");
        assertThat(run.get("detail").stringValue()).isEqualTo("ABI 2, 11, generated probes");
        long id = run.get("id").asLong();

        List<ServerEvents.Event> events = ServerEvents.read(server, api, "/api/dry-runs/" + id + "/events");
        List<JsonNode> headings = events.stream().filter(e -> e.name().equals("kernel")).map(ServerEvents.Event::data).toList();
        assertThat(headings).as(events.toString()).extracting(k -> k.get("abi").asInt()).containsExactlyInAnyOrder(2, 11);
        for (JsonNode kernel : headings) {
            int abi = kernel.get("abi").asInt();
            String series = StockKernel.ofAbi(abi).orElseThrow().series();
            assertThat(kernel.get("release").stringValue()).as(kernel.toString()).startsWith(series);
            assertThat(kernel.get("reportedAbi").asInt()).isEqualTo(abi);
            assertThat(kernel.get("outcome").stringValue()).isEqualTo("passed");
            assertThat(kernel.get("heading").stringValue()).startsWith("kernel " + kernel.get("release").stringValue()
                    + " (listed as ABI " + abi + "), reports ABI " + abi + " (");
            // What the policy (written for ABI 7) keeps at the kernel's ABI, as the ruleset was built there.
            assertThat(kernel.get("status").stringValue()).startsWith((abi < 7 ? "partially" : "fully") + " enforced at ABI " + abi);
            assertThat(kernel.get("mismatched").asInt()).isZero();
            // Its rows come after its heading, each naming it, every one as predicted.
            int at = events.stream().map(ServerEvents.Event::data).toList().indexOf(kernel);
            List<JsonNode> rows = events.stream().filter(e -> e.name().equals("row") && e.data().get("kernel").asInt() == abi)
                    .map(ServerEvents.Event::data).toList();
            assertThat(rows).hasSize(kernel.get("probes").asInt()).hasSizeGreaterThan(30);
            assertThat(rows).allMatch(r -> r.get("match").booleanValue(), "every row as predicted");
            assertThat(events.subList(0, at)).noneMatch(e -> e.name().equals("row") && e.data().get("kernel").asInt() == abi);
        }
        JsonNode end = events.get(events.size() - 1).data();
        assertThat(events.get(events.size() - 1).name()).isEqualTo("end");
        assertThat(end.get("status").stringValue()).as(end.toString()).isEqualTo("passed");
        assertThat(end.get("message").stringValue()).startsWith("2 kernels, 0 probes mismatched: ABI 2 (6.1");
        assertThat(end.get("tried").asInt()).isEqualTo(end.get("probes").asInt());
        assertThat(end.has("abi")).as("each kernel says its own ABI").isFalse();

        // Kept: read again, the run has its kernels and rows; its events replay them, headings first.
        JsonNode stored = Json.parse(api.get("/api/dry-runs/" + id).body());
        assertThat(stored.get("kernels")).extracting(k -> k.get("abi").asInt()).containsExactly(2, 11);
        assertThat(stored.get("rows")).hasSize((int) events.stream().filter(e -> e.name().equals("row")).count());
        List<ServerEvents.Event> replayed = ServerEvents.read(server, api, "/api/dry-runs/" + id + "/events");
        assertThat(replayed.subList(0, 2)).extracting(ServerEvents.Event::name).containsExactly("kernel", "kernel");
        // Its page, as served once finished: a section per kernel with its heading; the try form offers the kernels.
        BrowserSession admin = BrowserSession.signIn(server, "admin", server.adminPassword());
        String page = admin.get("/dry-runs/" + id).body();
        assertThat(admin.get("/policies/static-web-server/try").body()).containsPattern(
                "<input type=\"radio\" name=\"mode\" value=\"kernels\">").contains("(ABI <span>2, 11</span>)");
        for (JsonNode kernel : stored.get("kernels")) {
            assertThat(page).contains("data-kernel=\"" + kernel.get("abi").asInt() + "\"")
                    .contains(kernel.get("heading").stringValue());
        }
        CachedStockKernels.assertNothingLeft();
    }

    /** A hard requirement ABI 2 cannot meet: that kernel is not booted, and says why; nothing tried, the run failed. */
    @Test
    void aKernelWhoseAbiCannotMeetAHardRequirementIsNotBooted() throws Exception {
        assertThat(api.post("/api/policies", Files.readString(Path.of("..", "examples", "network-client.json"))).statusCode())
                .isEqualTo(201);
        HttpResponse<String> started = api.post("/api/policies/network-client/dry-runs", "{\"mode\": \"kernels\", \"kernels\": [2]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        List<ServerEvents.Event> events = ServerEvents.read(server, api, "/api/dry-runs/" + Json.parse(started.body()).get("id").asLong() + "/events");
        JsonNode kernel = events.stream().filter(e -> e.name().equals("kernel")).findFirst().orElseThrow().data();
        assertThat(kernel.get("outcome").stringValue()).isEqualTo("refused");
        assertThat(kernel.has("tookMillis")).as("not booted").isFalse();
        assertThat(kernel.get("said").stringValue()).startsWith("not tried: refused: the policy is a hard requirement that ABI 2 cannot meet: ");
        assertThat(events).noneMatch(e -> e.name().equals("row"));
        JsonNode end = events.get(events.size() - 1).data();
        assertThat(end.get("status").stringValue()).isEqualTo("failed");
        assertThat(end.get("message").stringValue()).startsWith("1 kernel, 0 probes mismatched: ABI 2 (6.1")
                .contains(") not tried: refused: ");
    }

    @Test
    void aKernelNotCachedIsNamedWithHowToFetchIt() {
        int runs = Json.parse(api.get("/api/policies/static-web-server/dry-runs").body()).size();
        HttpResponse<String> refused = api.post("/api/policies/static-web-server/dry-runs",
                "{\"mode\": \"kernels\", \"kernels\": [2, 6]}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode problem = Json.parse(refused.body()).get("problems").get(0);
        assertThat(problem.get("pointer").stringValue()).isEqualTo("/kernels/1");
        assertThat(problem.get("message").stringValue()).isEqualTo("the kernel of ABI 6 is not cached in " + kernels
                + ": landlock-studio kernels fetch --dir " + kernels + " 6");
        JsonNode listing = Json.parse(api.get("/api/kernels").body());
        assertThat(listing.get("kernels")).filteredOn(k -> k.get("cached").booleanValue())
                .extracting(k -> k.get("abi").asInt()).containsExactly(2, 11);
        assertThat(Json.parse(api.get("/api/policies/static-web-server/dry-runs").body()).size()).isEqualTo(runs);
    }
}
