package dev.landlockstudio.web.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.report.Fix;
import dev.landlockstudio.compiler.report.JsonPatch;
import dev.landlockstudio.web.testing.ServerTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The stateless tools, the host report and the schemas over HTTP. */
class ToolsApiTest extends ServerTest {

    private static final Path EXAMPLES = Path.of("..", "examples");




    static String example(String name) throws IOException {
        return Files.readString(EXAMPLES.resolve(name + ".json"));
    }

    @Test
    void validateGivesLintsOrEveryProblem() throws IOException {
        JsonNode valid = Json.parse(api.post("/api/validate", example("static-web-server")).body());
        assertThat(valid.get("valid").booleanValue()).isTrue();
        assertThat(valid.get("name").stringValue()).isEqualTo("static-web-server");

        HttpResponse<String> lint = api.post("/api/validate", """
                {"name": "lint", "abi": 7, "pathBeneath": [{"paths": ["/var/log"], "allowedAccess": ["write_file"]}]}""");
        assertThat(Json.parse(lint.body()).get("lints")).isNotEmpty();

        HttpResponse<String> invalid = api.post("/api/validate", "{\"name\": \"x\", \"abi\": 7, \"colour\": \"red\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        JsonNode problem = Json.parse(invalid.body()).get("problems").get(0);
        assertThat(problem.get("pointer").stringValue()).as("the object that holds it").isEmpty();
        assertThat(problem.get("message").stringValue()).contains("unknown key \"colour\"");
    }

    /**
     * except paths: the picture and explain show them on this host (its view read beside them); a compile or an export,
     * meant for other machines, is a 422 at the except that says how to give a view.
     */
    @Test
    void exceptPathsArePicturedAndExplainedOnThisHostAndNotCompiledWithoutAView() throws IOException {
        Path root = Files.createTempDirectory("landlock-studio-except-web-").toRealPath();
        try {
            Files.createDirectories(root.resolve("secret"));
            Files.createDirectories(root.resolve("www"));
            String policy = "{\"name\": \"except-web\", \"abi\": 7, \"pathBeneath\": [{\"paths\": [\"" + root
                    + "\"], \"allowedAccess\": [\"read_file\", \"read_dir\"], \"except\": [\"" + root + "/secret\"]}]}";
            JsonNode picture = Json.parse(api.post("/api/picture", policy).body());
            JsonNode secret = null;
            for (JsonNode node = picture.get("tree"); node != null && secret == null; ) {
                JsonNode next = null;
                for (JsonNode child : node.get("children")) {
                    if (child.get("path").stringValue().equals(root + "/secret")) {
                        secret = child;
                    } else if ((root + "/secret").startsWith(child.get("path").stringValue() + "/")) {
                        next = child;
                    }
                }
                node = next;
            }
            assertThat(secret).isNotNull();
            assertThat(secret.get("excepted").stringValue()).contains("excepted from rule #1 (/pathBeneath/0/except/0)");
            assertThat(secret.get("chips")).isNotEmpty().allMatch(c -> c.get("state").stringValue().equals("denied"));

            JsonNode explained = Json.parse(api.post("/api/explain", "{\"policy\": " + policy + ", \"access\": \"read_file\","
                    + " \"path\": \"" + root + "/secret/key\"}").body());
            assertThat(explained.get("decision").get("allowed").booleanValue()).isFalse();
            assertThat(explained.get("explanation").toString()).contains("excepted from rule #1");
            JsonNode beside = Json.parse(api.post("/api/explain", "{\"policy\": " + policy + ", \"access\": \"read_file\","
                    + " \"path\": \"" + root + "/www/index.html\"}").body());
            assertThat(beside.get("decision").get("allowed").booleanValue()).isTrue();

            HttpResponse<String> compiled = api.post("/api/compile?target=oci", policy);
            assertThat(compiled.statusCode()).isEqualTo(422);
            JsonNode problem = Json.parse(compiled.body()).get("problems").get(0);
            assertThat(problem.get("pointer").stringValue()).isEqualTo("/pathBeneath/0/except/0");
            assertThat(problem.get("message").stringValue()).contains("give a filesystem view");

            assertThat(api.post("/api/policies", policy).statusCode()).isEqualTo(201);
            HttpResponse<String> exported = api.get("/api/policies/except-web/export?target=oci&abi=7");
            assertThat(exported.statusCode()).isEqualTo(422);
            assertThat(exported.body()).contains("/pathBeneath/0/except/0", "give a filesystem view");
        } finally {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void compileReturnsOutputAndReportAndARefusalIsNotAnError() throws IOException {
        JsonNode compiled = Json.parse(api.post("/api/compile?target=native&abi=7", example("network-client")).body());
        assertThat(compiled.get("report").get("enforced").booleanValue()).isTrue();
        assertThat(Json.parse(compiled.get("output").stringValue()).get("abi").asInt()).isEqualTo(7);

        HttpResponse<String> refused = api.post("/api/compile?target=oci-1111&abi=7", example("network-client"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(Json.parse(refused.body()).get("output").isNull()).isTrue();
        assertThat(Json.parse(refused.body()).get("report").get("items")).anyMatch(i -> i.get("severity").stringValue().equals("error"));

        HttpResponse<String> badTarget = api.post("/api/compile?target=docker", example("network-client"));
        assertThat(badTarget.statusCode()).isEqualTo(400);
        assertThat(Json.parse(badTarget.body()).get("detail").stringValue()).contains("expected one of native, c, oci");
    }

    @Test
    void explainSaysWhyAndPointsIntoTheRequest() throws IOException {
        String request = "{\"policy\": " + example("static-web-server") + ", \"access\": \"write_file\", \"path\": \"/var/cachex/x\"}";
        JsonNode explained = Json.parse(api.post("/api/explain", request).body());
        assertThat(explained.get("decision").get("allowed").booleanValue()).isFalse();
        assertThat(explained.get("explanation").toString()).contains("no rule on /var/cachex/x");

        HttpResponse<String> badPolicy = api.post("/api/explain", "{\"policy\": {\"name\": \"x\", \"abi\": 77}, \"access\": \"read_file\", \"path\": \"/x\"}");
        assertThat(badPolicy.statusCode()).isEqualTo(422);
        assertThat(Json.parse(badPolicy.body()).get("problems").get(0).get("pointer").stringValue()).isEqualTo("/policy/abi");

        HttpResponse<String> noPath = api.post("/api/explain", "{\"policy\": {\"name\": \"x\", \"abi\": 7}, \"access\": \"read_file\"}");
        assertThat(noPath.statusCode()).isEqualTo(422);
        assertThat(Json.parse(noPath.body()).get("detail").stringValue()).contains("read_file needs /path");

        HttpResponse<String> extra = api.post("/api/explain", "{\"policy\": {\"name\": \"x\", \"abi\": 7}, \"access\": \"signal\", \"why\": 1}");
        assertThat(Json.parse(extra.body()).get("problems").get(0).get("message").stringValue()).contains("unknown key \"why\"");

        HttpResponse<String> badPort = api.post("/api/explain", "{\"policy\": {\"name\": \"x\", \"abi\": 7}, \"access\": \"bind_tcp\", \"port\": \"http\"}");
        assertThat(Json.parse(badPort.body()).get("problems").get(0).get("pointer").stringValue()).isEqualTo("/port");
    }

    @Test
    void explainNamesTheDecidingRules() throws IOException {
        String request = "{\"policy\": " + example("static-web-server") + ", \"access\": \"write_file\", \"path\": \"/var/cache/nginx/x\"}";
        JsonNode explained = Json.parse(api.post("/api/explain", request).body());
        assertThat(explained.get("decidedBy").toString()).isEqualTo("[\"/pathBeneath/2\"]");
        String denied = "{\"policy\": " + example("static-web-server") + ", \"access\": \"write_file\", \"path\": \"/etc/x\"}";
        assertThat(Json.parse(api.post("/api/explain", denied).body()).get("decidedBy")).isEmpty();
    }

    @Test
    void aDeniedExplainedAccessComesWithTheFixThatLetsItThrough() throws IOException {
        String denied = "{\"policy\": " + example("static-web-server") + ", \"access\": \"write_file\", \"path\": \"/var/cachex/x\"}";
        JsonNode fix = Json.parse(api.post("/api/explain", denied).body()).get("fix");
        assertThat(fix.get("label").stringValue()).isEqualTo("add a rule granting write_file on /var/cachex/x");
        JsonNode patched = Json.MAPPER.readTree(JsonPatch.apply(example("static-web-server"),
                Json.MAPPER.treeToValue(fix, Fix.class)));
        String again = "{\"policy\": " + patched + ", \"access\": \"write_file\", \"path\": \"/var/cachex/x\"}";
        JsonNode allowed = Json.parse(api.post("/api/explain", again).body());
        assertThat(allowed.at("/decision/allowed").booleanValue()).isTrue();
        assertThat(allowed.has("fix")).isFalse();
    }

    @Test
    void thePictureShowsGrantedInheritedAndDeniedRights() {
        String policy = """
                {"name": "p", "abi": 7, "handledAccessFs": ["read_file", "write_file"],
                 "pathBeneath": [{"paths": ["/usr"], "allowedAccess": ["read_file"]}, {"paths": ["/usr/lib/x"], "allowedAccess": ["write_file"]}]}""";
        HttpResponse<String> answer = api.post("/api/picture?abi=6", policy);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode picture = Json.parse(answer.body());
        assertThat(picture.get("abi").asInt()).isEqualTo(6);
        JsonNode usr = picture.at("/tree/children/0");
        assertThat(usr.get("path").stringValue()).isEqualTo("/usr");
        assertThat(usr.at("/chips/0/state").stringValue()).as("write_file").isEqualTo("denied");
        assertThat(usr.at("/chips/1/state").stringValue()).as("read_file").isEqualTo("granted");
        JsonNode lib = usr.at("/children/0");
        assertThat(lib.at("/chips/1/state").stringValue()).isEqualTo("inherited");
        assertThat(lib.at("/chips/1/from").stringValue()).isEqualTo("/usr");
        assertThat(lib.at("/chips/1/rules/0").stringValue()).isEqualTo("/pathBeneath/0");

        HttpResponse<String> invalid = api.post("/api/picture", "{\"name\": \"p\", \"abi\": 7, \"pathBeneath\": [{\"paths\": [\"usr\"], \"allowedAccess\": [\"read_file\"]}]}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(Json.parse(invalid.body()).at("/problems/0/pointer").stringValue()).isEqualTo("/pathBeneath/0/paths/0");
        HttpResponse<String> badAbi = api.post("/api/picture?abi=12", policy);
        assertThat(badAbi.statusCode()).isEqualTo(400);
        HttpResponse<String> tooLarge = api.post("/api/picture", policy.replace("/usr/lib/x", "/a".repeat(2_001)));
        assertThat(tooLarge.statusCode()).isEqualTo(422);
        assertThat(Json.parse(tooLarge.body()).at("/problems/0/pointer").stringValue()).isEqualTo("/pathBeneath");
        HttpResponse<String> hard = api.post("/api/picture?abi=3", policy.replace("\"abi\": 7,", "\"abi\": 7, \"compatibility\": \"hard_requirement\", \"handledAccessNet\": [\"bind_tcp\"],"));
        assertThat(hard.statusCode()).as(hard.body()).isEqualTo(422);
        assertThat(Json.parse(hard.body()).at("/problems/0/pointer").stringValue()).isEqualTo("/compatibility");
    }

    @Test
    void importReadsOtherFormatsBack() throws IOException {
        for (String format : new String[] {"go-landlock", "oci", "landlockconfig"}) {
            String exported = Json.parse(api.post("/api/compile?target=" + format + "&abi=6", example("static-web-server")).body())
                    .get("output").stringValue();
            HttpResponse<String> imported = api.post("/api/import?from=" + format + "&name=from-" + format, exported);
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            JsonNode policy = Json.parse(imported.body()).get("policy");
            assertThat(policy.get("name").stringValue()).isEqualTo("from-" + format);
            assertThat(policy.get("pathBeneath").toString()).contains("/srv/www", "/var/log/nginx");
        }
        HttpResponse<String> broken = api.post("/api/import?from=oci", "{\"process\": {\"landlock\": {\"handledAccess\": 5}}}");
        assertThat(broken.statusCode()).isEqualTo(422);
        assertThat(Json.parse(broken.body()).get("problems").get(0).get("pointer").stringValue()).startsWith("/process/landlock");
        HttpResponse<String> otherDraft = api.post("/api/import?from=oci", "{\"process\": {\"landlock\": {\"ruleset\": 5}}}");
        assertThat(otherDraft.statusCode()).isEqualTo(422);
        assertThat(Json.parse(otherDraft.body()).get("problems").get(0).get("message").stringValue())
                .contains("looks like oci-1111", "not oci");
        HttpResponse<String> unknown = api.post("/api/import?from=docker", "{}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Json.parse(unknown.body()).get("parameter").stringValue()).isEqualTo("from");
    }

    @Test
    void importDetectsTheFormatAndKeepsTheAbi() throws IOException {
        for (String format : new String[] {"oci", "oci-1111", "landlockconfig", "native"}) {
            String exported = Json.parse(api.post("/api/compile?target=" + format + "&abi=7", example("static-web-server")).body())
                    .get("output").stringValue();
            HttpResponse<String> imported = api.post("/api/import", exported);
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            JsonNode answer = Json.parse(imported.body());
            assertThat(answer.get("format").stringValue()).isEqualTo(format);
            assertThat(answer.get("policy").get("abi").intValue()).as(format).isEqualTo(7);
            assertThat(answer.get("policy").get("name").stringValue()).isEqualTo("imported");
        }
        // The formats of lines too; each comes back at the ABI its tool uses (the sandboxer's scopes need 6, landrun's resolve_unix 9).
        for (String format : new String[] {"sandboxer", "firejail", "landrun"}) {
            String exported = Json.parse(api.post("/api/compile?target=" + format + "&abi=7", example("static-web-server")).body())
                    .get("output").stringValue();
            JsonNode answer = Json.parse(api.post("/api/import", exported).body());
            assertThat(answer.get("format").stringValue()).isEqualTo(format);
            assertThat(answer.get("policy").get("abi").intValue()).as(format).isEqualTo(switch (format) {
                case "sandboxer" -> 6;
                case "landrun" -> 9;
                default -> 1;
            });
        }
        JsonNode policy = Json.parse(api.post("/api/import?from=", example("static-web-server")).body());
        assertThat(policy.get("format").stringValue()).isEqualTo("policy");
        assertThat(policy.get("policy").get("name").stringValue()).isEqualTo("static-web-server");
        HttpResponse<String> none = api.post("/api/import", "{\"sandbox\": {}}");
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(Json.parse(none.body()).get("problems").toString()).contains("matches none of the formats tried",
                "not go-landlock: ", "not landlockconfig: ");
    }

    @Test
    void landlockconfigsRelativePathsAreTakenFromTheBaseGiven() {
        String config = "{\"abi\": 7, \"ruleset\": [{\"handledAccessFs\": [\"abi.all\"]}], "
                + "\"pathBeneath\": [{\"allowedAccess\": [\"read_file\"], \"parent\": [\".\", \"data\", \"/usr\"]}]}";
        HttpResponse<String> noBase = api.post("/api/import", config);
        assertThat(noBase.statusCode()).as(noBase.body()).isEqualTo(422);
        assertThat(Json.parse(noBase.body()).at("/problems/0/pointer").stringValue()).startsWith("/pathBeneath/0/parent/");

        HttpResponse<String> based = api.post("/api/import?base=/srv/app", config);
        assertThat(based.statusCode()).as(based.body()).isEqualTo(200);
        assertThat(Json.parse(based.body()).at("/policy/pathBeneath").toString()).contains("/srv/app\"", "/srv/app/data", "/usr");

        for (String bad : new String[] {"srv/app", "/srv/../etc", "/srv/./app"}) {
            HttpResponse<String> refused = api.post("/api/import?base=" + bad, config);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(Json.parse(refused.body()).get("parameter").stringValue()).isEqualTo("base");
        }
    }

    @Test
    void aPodLockProfileWithSeveralBinariesIsReadForTheOneSelected() {
        String profile = """
                apiVersion: podlock.kubewarden.io/v1alpha1
                kind: LandlockProfile
                metadata:
                  name: web
                spec:
                  profilesByContainer:
                    nginx:
                      /usr/sbin/nginx:
                        readOnly: [/usr/share/nginx]
                    sidecar:
                      /bin/sh:
                        readWrite: [/tmp]
                """;
        HttpResponse<String> unselected = api.post("/api/import", profile);
        assertThat(unselected.statusCode()).as(unselected.body()).isEqualTo(422);
        assertThat(Json.parse(unselected.body()).at("/problems/0/message").stringValue())
                .contains("line 6", "nginx/usr/sbin/nginx, sidecar/bin/sh");

        HttpResponse<String> selected = api.post("/api/import?select=sidecar/bin/sh", profile);
        assertThat(selected.statusCode()).as(selected.body()).isEqualTo(200);
        assertThat(Json.parse(selected.body()).get("format").stringValue()).isEqualTo("podlock");
        assertThat(Json.parse(selected.body()).at("/policy/pathBeneath").toString()).contains("/tmp").doesNotContain("/usr/share/nginx");

        HttpResponse<String> bad = api.post("/api/import?select=Side_car", profile);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.parse(bad.body()).get("parameter").stringValue()).isEqualTo("select");
    }

    @Test
    void theMatrixCoversEveryAbiAndTarget() throws IOException {
        JsonNode cells = Json.parse(api.post("/api/matrix", example("python-service")).body());
        assertThat(cells).hasSize(11 * Target.values().length);
    }

    @Test
    void anUnknownApiPathIsAProblemThatPointsToTheDocs() {
        HttpResponse<String> unknown = api.get("/api/policys");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.parse(unknown.body()).get("detail").stringValue()).contains("/api-docs");
    }

    @Test
    void theHostReportAndTheSchemas() {
        JsonNode host = Json.parse(api.get("/api/host").body());
        assertThat(host.get("kernel").stringValue()).isNotBlank();
        HttpResponse<String> schema = server.send(server.request("/schemas/policy.schema.json"));
        assertThat(schema.statusCode()).as("schemas are public, for $schema").isEqualTo(200);
        assertThat(Json.parse(schema.body()).get("$id").stringValue()).isEqualTo("https://landlockstudio.dev/schemas/policy.schema.json");
    }
}
