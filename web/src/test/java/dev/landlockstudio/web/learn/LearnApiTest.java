package dev.landlockstudio.web.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.command.UnixUser;
import dev.landlockstudio.web.testing.ApiClient;
import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.StudioServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Learning over REST on a server that runs commands: bad requests are refused by their field and store nothing; a
 * real program is learned, refined on the kernel and confirmed; learns started together run one after another, so
 * neither reads the other's denials; the learned policy saves as a policy.
 */
class LearnApiTest {

    @TempDir
    static Path data;
    @TempDir
    static Path work;
    static StudioServer server;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        server = StudioServer.start(data, "--landlock-studio.commands-enabled=true");
        api = ApiClient.forAdmin(server, "tests");
        // The command runs as nobody: its directory is nobody's, so Landlock, not permissions, is under test.
        UnixUser nobody = UnixUser.named("nobody");
        Files.setAttribute(work, "unix:uid", nobody.uid());
        Files.setAttribute(work, "unix:gid", nobody.gid());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void badRequestsAreRefusedByTheirFieldAndStoreNothing() {
        int learns = Json.parse(api.get("/api/learns").body()).size();
        assertRefused("{\"command\": []}", 422, "/command", "give the command");
        assertRefused("{\"command\": [\"env\"], \"env\": [\"A=1\", \"HOME\"]}", 422, "/env/1", "give HOME=VALUE");
        assertRefused("{\"command\": [\"true\"], \"maxRuns\": 0}", 422, "/maxRuns", "choose from 1 to 10");
        assertRefused("{\"command\": [\"true\"], \"maxRuns\": \"5\"}", 422, "/maxRuns", "must be an integer");
        assertRefused("{\"command\": [\"true\"], \"into\": \"no-such-policy\"}", 422, "/into", "there is no policy no-such-policy");
        assertRefused("{\"command\": [\"true\"], \"quiet\": true}", 422, "", "unknown key \"quiet\"");
        if (EnforcerTestSupport.LANDLOCK.abi() != null && EnforcerTestSupport.LANDLOCK.abi() >= 7) {
            assertRefused("{\"command\": [\"true\"], \"abi\": 3}", 422, "/abi", "choose an ABI from 7");
        }
        assertThat(Json.parse(api.get("/api/learns").body()).size()).as("refused requests store no learn").isEqualTo(learns);
    }

    @Test
    void aProgramIsLearnedConfirmedOnTheKernelAndSavedAsAPolicy() throws Exception {
        requireWhatLearningNeeds();
        JsonNode learned = finished(start(List.of("sh", "-c", "cd " + work + " && mkdir -p out && echo hello > out/greeting"
                + " && cat out/greeting")));

        assertThat(learned.get("learn").get("status").stringValue()).as(learned.toString()).isEqualTo("confirmed");
        assertThat(learned.get("learn").get("message").stringValue()).startsWith("confirmed: run ").endsWith("with no denial, as unconfined");
        JsonNode report = learned.get("report");
        assertThat(report.get("confirmed").booleanValue()).isTrue();
        assertThat(report.get("output").stringValue()).isEqualTo("hello\n");
        JsonNode progress = learned.get("progress");
        assertThat(progress.get("recorded").get("ending").stringValue()).isEqualTo("exit 0");
        JsonNode runs = progress.get("runs");
        assertThat(runs.get(runs.size() - 1).get("denialCount").intValue()).isZero();
        Policy policy = PolicyReader.read(report.get("policy").stringValue()).document();
        assertThat(policy.pathBeneath()).extracting(PathBeneathRule::paths).noneMatch(paths -> paths.contains("/"));
        assertThat(policy.pathBeneath()).as("a rule where it wrote").anyMatch(rule -> rule.paths().stream()
                .anyMatch(path -> path.startsWith(work.toString())) && rule.allowedAccess().contains("make_reg"));
        assertThat(report.get("rules").size()).as("evidence per rule").isGreaterThan(0);
        report.get("rules").forEach(rule -> assertThat(rule.get("evidence").size()).as(rule.toString()).isGreaterThan(0));

        // The finished learn's events replay what it said, then its end.
        HttpResponse<String> events = api.get("/api/learns/" + learned.get("learn").get("id").asLong() + "/events");
        assertThat(events.body()).contains("event:progress", "event:end", "\"status\":\"confirmed\"");

        HttpResponse<String> saved = api.post("/api/policies", report.get("policy").stringValue());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
    }

    @Test
    void learnsStartedTogetherRunOneAfterAnotherAndEachIsConfirmed() throws Exception {
        requireWhatLearningNeeds();
        List<String> names = List.of("first", "second", "third");
        List<Long> ids = new ArrayList<>();
        for (String name : names) {
            Path own = Files.createDirectory(work.resolve(name));
            Files.setAttribute(own, "unix:uid", UnixUser.named("nobody").uid());
            ids.add(start(List.of("sh", "-c", "echo " + name + " > " + own + "/file")));
        }
        for (int i = 0; i < ids.size(); i++) {
            JsonNode learned = finished(ids.get(i));
            assertThat(learned.get("learn").get("status").stringValue()).as(learned.toString()).isEqualTo("confirmed");
            // Each learn's policy writes only in its own directory: no other learn's denials were read as its own.
            Policy policy = PolicyReader.read(learned.get("report").get("policy").stringValue()).document();
            for (String name : names) {
                assertThat(policy.pathBeneath().stream().anyMatch(rule -> rule.paths().contains(work.resolve(name).toString())))
                        .as(name + " in the policy of learn " + ids.get(i) + ": " + policy).isEqualTo(name.equals(names.get(i)));
            }
        }
    }

    @Test
    void aLearnIntoAPolicyAddsToItsLatestVersion() throws Exception {
        requireWhatLearningNeeds();
        String base = "{\"name\": \"base\", \"abi\": " + Math.min(EnforcerTestSupport.abi(), 7) + ", \"handledAccessNet\": [],"
                + " \"pathBeneath\": [{\"paths\": [\"/usr\", \"/bin\", \"/lib\", \"/lib64\", \"/etc\"],"
                + " \"allowedAccess\": [\"abi.read_execute\"], \"ifMissing\": \"skip\"}]}";
        assertThat(api.post("/api/policies", base).statusCode()).isEqualTo(201);
        JsonNode learned = finished(start("{\"command\": [\"sh\", \"-c\", \"cd " + work + " && echo x > into-file\"],"
                + " \"into\": \"base\"}"));
        assertThat(learned.get("learn").get("status").stringValue()).as(learned.toString()).isEqualTo("confirmed");
        assertThat(learned.get("learn").get("into").stringValue()).isEqualTo("base");
        assertThat(learned.get("learn").get("intoVersion").intValue()).isEqualTo(1);
        Policy policy = PolicyReader.read(learned.get("report").get("policy").stringValue()).document();
        assertThat(policy.name()).isEqualTo("base");
        assertThat(policy.pathBeneath().get(0).paths()).contains("/usr", "/etc");
        assertThat(policy.pathBeneath()).anyMatch(rule -> rule.paths().contains(work.toString()));

        // Its page shows what it adds to the version it started from, and saves it as the next one.
        BrowserSession admin = BrowserSession.signIn(server, "admin", server.adminPassword());
        long id = learned.get("learn").get("id").asLong();
        HttpResponse<String> page = admin.get("/learns/" + id);
        assertThat(page.body()).contains("What it adds to <span>base</span> v<span>1</span>")
                .containsPattern("<tr class=\"(added|changed)\">\\s*<td><pre>[^<]*</pre></td>\\s*<td><pre>\\s*&quot;" + work + "&quot;</pre>");
        HttpResponse<String> saved = admin.post("/learns/" + id + "/save", "");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(api.get("/api/policies/base").headers().firstValue("ETag")).hasValue("\"v2\"");
        HttpResponse<String> again = admin.post("/learns/" + id + "/save", "");
        assertThat(again.statusCode()).isEqualTo(412);
        assertThat(again.body()).contains("has a version newer than v1");
    }

    private static void requireWhatLearningNeeds() {
        EnforcerTestSupport.requireDenialRecords();
        EnforcerTestSupport.require(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed (apt-get install strace)");
    }

    private static void assertRefused(String body, int status, String pointer, String message) {
        HttpResponse<String> refused = api.post("/api/learns", body);
        assertThat(refused.statusCode()).as(body + " → " + refused.body()).isEqualTo(status);
        JsonNode problem = Json.parse(refused.body()).get("problems").get(0);
        assertThat(problem.get("pointer").stringValue()).as(refused.body()).isEqualTo(pointer);
        assertThat(problem.get("message").stringValue()).as(refused.body()).contains(message);
    }

    private static long start(List<String> command) {
        return start("{\"command\": " + Json.write(command).strip() + "}");
    }

    private static long start(String body) {
        HttpResponse<String> started = api.post("/api/learns", body);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(started.headers().firstValue("Location")).isPresent();
        return Json.parse(started.body()).get("id").asLong();
    }

    private static JsonNode finished(long id) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonNode learn = Json.parse(api.get("/api/learns/" + id).body());
            if (!learn.get("learn").get("status").stringValue().equals("running")) {
                return learn;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("learn " + id + " did not end");
    }
}
