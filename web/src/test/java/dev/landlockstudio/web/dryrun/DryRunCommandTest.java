package dev.landlockstudio.web.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.command.UnixUser;
import dev.landlockstudio.web.testing.ApiClient;
import dev.landlockstudio.web.testing.StudioServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Command dry runs on a server that enables them: the command gets none of the server's descriptors (its H2 file,
 * its listening socket) and none of its environment.
 */
class DryRunCommandTest {

    private static final String POLICY = "{\"name\": \"cmd\", \"abi\": 4, \"handledAccessNet\": [], \"pathBeneath\": ["
            + "{\"paths\": [\"/usr\", \"/bin\", \"/lib\", \"/lib64\"], \"allowedAccess\": [\"abi.read_execute\"], \"ifMissing\": \"skip\"},"
            + "{\"paths\": [\"/proc\"], \"allowedAccess\": [\"read_file\", \"read_dir\"]}]}";

    @TempDir
    static Path data;
    static StudioServer server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        EnforcerTestSupport.requireLandlock();
        EnforcerTestSupport.require(UnixUser.current().uid() == 0,
                "a confined command needs root (CAP_SYS_ADMIN) for the PID namespace that contains it");
        server = StudioServer.start(data, "--landlock-studio.commands-enabled=true");
        api = ApiClient.forAdmin(server, "tests");
        assertThat(api.post("/api/policies", POLICY).statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theCommandGetsOnlyDescriptorsZeroToTwo() throws Exception {
        JsonNode run = run("{\"mode\": \"command\", \"command\": [\"ls\", \"-ln\", \"/proc/self/fd\"]}");
        assertThat(run.get("run").get("status").stringValue()).as(run.toString()).isEqualTo("exit 0");
        Set<String> descriptors = new TreeSet<>();
        Matcher entry = Pattern.compile("(?m) (\\d+) -> ").matcher(run.get("output").stringValue());
        while (entry.find()) {
            descriptors.add(entry.group(1));
        }
        assertThat(descriptors).as(run.get("output").stringValue()).containsExactly("0", "1", "2", "3");
    }

    @Test
    void theCommandGetsTheMinimalEnvironmentAndTheGivenPairsOnly() throws Exception {
        JsonNode run = run("{\"mode\": \"command\", \"command\": [\"env\"], \"env\": [\"GREETING=hello\"]}");
        assertThat(run.get("run").get("status").stringValue()).as(run.toString()).isEqualTo("exit 0");
        List<String> names = run.get("output").stringValue().lines().map(line -> line.substring(0, line.indexOf('='))).toList();
        assertThat(names).containsExactlyInAnyOrder("HOME", "LANG", "PATH", "TERM", "GREETING");
        assertThat(run.get("output").stringValue()).contains("GREETING=hello\n");
        assertThat(System.getenv().keySet()).as("the server's own environment").anyMatch(name -> !names.contains(name));
    }

    @Test
    void aNameWithoutValueOrAnEnvOutsideCommandsIsRefused() {
        int runs = Json.parse(api.get("/api/policies/cmd/dry-runs").body()).size();
        HttpResponse<String> alone = api.post("/api/policies/cmd/dry-runs",
                "{\"mode\": \"command\", \"command\": [\"env\"], \"env\": [\"A=1\", \"HOME\"]}");
        assertThat(alone.statusCode()).isEqualTo(422);
        JsonNode problem = Json.parse(alone.body()).get("problems").get(0);
        assertThat(problem.get("pointer").stringValue()).isEqualTo("/env/1");
        assertThat(problem.get("message").stringValue()).contains("give HOME=VALUE");
        HttpResponse<String> scratch = api.post("/api/policies/cmd/dry-runs", "{\"mode\": \"scratch\", \"env\": [\"A=1\"]}");
        assertThat(scratch.statusCode()).isEqualTo(422);
        assertThat(Json.parse(scratch.body()).get("problems").get(0).get("pointer").stringValue()).isEqualTo("/env");
        assertThat(Json.parse(api.get("/api/policies/cmd/dry-runs").body()).size()).as("refused requests store no run")
                .isEqualTo(runs);
    }

    private static JsonNode run(String request) throws InterruptedException {
        HttpResponse<String> started = api.post("/api/policies/cmd/dry-runs", request);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = Json.parse(started.body()).get("id").asLong();
        for (int i = 0; i < 600; i++) {
            JsonNode run = Json.parse(api.get("/api/dry-runs/" + id).body());
            if (!run.get("run").get("status").stringValue().equals("running")) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("dry run " + id + " did not end");
    }
}
