package dev.landlockstudio.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.testing.ServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The inputs that answered 500 before, each now refused with a problem that names its place (or, for a missing abi,
 * taken with its default everywhere), against the real server and its H2 file database.
 */
class InputBoundsTest extends ServerTest {

    private static final String NO_ABI = """
            {"name": "%s", "pathBeneath": [{"paths": ["/usr"], "allowedAccess": ["read_file"]}]}""";

    @Test
    void aPolicyWithoutAbiIsStoredAsSentAndEverythingDerivedUsesTheNewestAbi() {
        String document = NO_ABI.formatted("no-abi");
        HttpResponse<String> created = api.post("/api/policies", document);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(Json.parse(created.body()).get("abi").asInt()).isEqualTo(AbiTable.newest());
        assertThat(api.get("/api/policies/no-abi").body()).as("the document exactly as sent").isEqualTo(document);
        assertThat(Json.parse(api.get("/api/policies/no-abi/versions").body()).get(0).get("abi").asInt()).isEqualTo(AbiTable.newest());

        HttpResponse<String> export = api.get("/api/policies/no-abi/export?target=native&envelope=true");
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        assertThat(export.headers().firstValue("ETag")).hasValue("\"v1-native-" + AbiTable.newest() + "\"");
        assertThat(Json.parse(export.body()).get("abi").asInt()).isEqualTo(AbiTable.newest());
        assertThat(Json.parse(api.post("/api/compile?target=native", document).body()).get("abi").asInt()).isEqualTo(AbiTable.newest());
        assertThat(api.post("/api/matrix", document).statusCode()).isEqualTo(200);

        HttpResponse<String> updated = api.put("/api/policies/no-abi", document, "If-Match", "\"v1\"");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(Json.parse(updated.body()).get("abi").asInt()).isEqualTo(AbiTable.newest());
    }

    @Test
    void aNoteIsAtMost500CharactersCountedAsPeopleCountThem() {
        assertThat(api.post("/api/policies?note=" + "x".repeat(500), NO_ABI.formatted("note-500")).statusCode()).isEqualTo(201);
        // 500 characters outside the BMP are 1000 UTF-16 units: the column holds them.
        String emoji = "%F0%9F%98%80";
        HttpResponse<String> wide = api.put("/api/policies/note-500?note=" + emoji.repeat(500), NO_ABI.formatted("note-500"),
                "If-Match", "\"v1\"");
        assertThat(wide.statusCode()).as(wide.body()).isEqualTo(200);

        HttpResponse<String> tooLong = api.post("/api/policies?note=" + "x".repeat(501), NO_ABI.formatted("note-501"));
        assertBadParameter(tooLong, "note");
        assertThat(api.get("/api/policies/note-501").statusCode()).as("nothing saved").isEqualTo(404);
        assertBadParameter(api.put("/api/policies/note-500?note=" + emoji.repeat(501), NO_ABI.formatted("note-500"),
                "If-Match", "\"v2\""), "note");
        assertThat(Json.parse(api.get("/api/policies/note-500/versions").body())).hasSize(2);
    }

    @Test
    void aDescriptionOf2000CharactersOutsideTheBmpIsKept() {
        String description = "\uD83D\uDE00".repeat(2000);
        String document = "{\"name\": \"wide\", \"description\": \"" + description + "\"}";
        HttpResponse<String> created = api.post("/api/policies", document);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(api.get("/api/policies/wide").body()).isEqualTo(document);
    }

    @Test
    void hugeNumbersInADocumentAreProblemsAtTheirPointer() {
        for (String abi : new String[] {"1e19", "1e300", "-1e19", "99999999999999999999"}) {
            assertProblemAt(api.post("/api/validate", "{\"name\": \"p\", \"abi\": " + abi + "}"), "/abi");
            assertProblemAt(api.post("/api/policies", "{\"name\": \"p\", \"abi\": " + abi + "}"), "/abi");
        }
        assertProblemAt(api.post("/api/matrix", "{\"name\": \"p\", \"abi\": 2.5}"), "/abi");
        assertProblemAt(api.post("/api/compile?target=oci", "{\"name\": \"p\", \"abi\": \"7\"}"), "/abi");
        assertProblemAt(api.post("/api/validate", "{\"name\": \"p\", \"netPort\": [{\"ports\": [1e19], \"allowedAccess\": [\"bind_tcp\"]}]}"),
                "/netPort/0/ports/0");
        assertProblemAt(api.post("/api/import?from=landlockconfig", "{\"abi\": 1e19}"), "/abi");
        assertProblemAt(api.post("/api/import?from=landlockconfig", "{\"abi\": 99999999999999999999}"), "/abi");
        assertThat(api.get("/api/policies/p").statusCode()).isEqualTo(404);
    }

    @Test
    void sizesAreBoundedWithTheirPointer() {
        String rule = "{\"paths\": [\"/a\"], \"allowedAccess\": [\"read_file\"]}";
        assertProblemAt(api.post("/api/validate", "{\"name\": \"p\", \"pathBeneath\": [" + String.join(",",
                Collections.nCopies(1001, rule)) + "]}"), "/pathBeneath");
        assertProblemAt(api.post("/api/validate", "{\"name\": \"p\", \"pathBeneath\": [{\"paths\": [\"/" + "a".repeat(4095)
                + "\"], \"allowedAccess\": [\"read_file\"]}]}"), "/pathBeneath/0/paths/0");
        assertProblemAt(api.post("/api/explain", "{\"policy\": " + NO_ABI.formatted("p") + ", \"access\": \"read_file\", \"path\": \"/"
                + "a".repeat(4095) + "\"}"), "/path");
    }

    @Test
    void queryParametersOutOfRangeNameTheParameter() {
        assertThat(api.post("/api/policies", NO_ABI.formatted("params")).statusCode()).isEqualTo(201);
        assertBadParameter(api.get("/api/policies/params/export?target=oci&abi=99999999999999999999"), "abi");
        assertBadParameter(api.get("/api/policies/params/export?target=oci&abi=12"), "abi");
        assertBadParameter(api.get("/api/policies/params/export?target=oci&version=-1"), "version");
        assertBadParameter(api.get("/api/policies/params/export?target=oci&version=1e30"), "version");
        assertBadParameter(api.get("/api/policies/params/export?target=oci&envelope=maybe"), "envelope");
        assertBadParameter(api.get("/api/policies/params/export?target=" + "x".repeat(1000)), "target");
        assertBadParameter(api.get("/api/policies/params/diff?from=1"), "to");
        assertBadParameter(api.get("/api/policies/params/diff?from=0&to=1"), "from");
        assertBadParameter(api.get("/api/policies/params/versions/seven"), "version");
        assertBadParameter(api.post("/api/compile?target=oci&abi=1e30", NO_ABI.formatted("p")), "abi");
    }

    @Test
    void bodiesThatAreNotJsonDocumentsAreProblems() {
        HttpResponse<String> empty = server.send(server.request("/api/validate").header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertProblemAt(empty, "");
        HttpResponse<String> plain = server.send(server.request("/api/validate").header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> multipart = api.get("/api/policies", "Content-Type", "multipart/form-data");
        assertThat(multipart.statusCode()).as(multipart.body()).isEqualTo(200);
        assertProblemAt(api.post("/api/validate", "[" .repeat(5000)), "");
        assertProblemAt(api.post("/api/validate", "{\"name\": \"p\", \"name\": \"q\"}"), "");
        HttpResponse<String> invalidUtf8 = server.send(server.request("/api/validate").header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, '"', '}'})));
        assertThat(invalidUtf8.statusCode()).as(invalidUtf8.body()).isEqualTo(422);
    }

    @Test
    void dryRunRequestsAreBounded() {
        assertThat(api.post("/api/policies", NO_ABI.formatted("runs")).statusCode()).isEqualTo(201);
        // Normalized, this is /tmp: a directory, but not a path a request may send.
        assertProblemAt(api.post("/api/policies/runs/dry-runs", "{\"mode\": \"overlay\", \"lowerDir\": \"" + "/".repeat(5000) + "tmp\"}"),
                "/lowerDir");
        assertProblemAt(api.post("/api/policies/runs/dry-runs", "{\"mode\": \"scratch\", \"probes\": [" + String.join(",",
                Collections.nCopies(1001, "\"read_file:/usr/x\"")) + "]}"), "/probes");
        assertProblemAt(api.post("/api/policies/runs/dry-runs", "{\"mode\": \"scratch\", \"version\": 1e30}"), "/version");
        assertProblemAt(api.post("/api/policies/runs/dry-runs", "{\"mode\": \"kernels\", \"kernels\": [" + String.join(",",
                Collections.nCopies(101, "2")) + "]}"), "/kernels");
        assertProblemAt(api.post("/api/policies/runs/dry-runs", "{\"mode\": \"kernels\", \"kernels\": [1e19]}"), "/kernels/0");
        assertThat(Json.parse(api.get("/api/policies/runs/dry-runs").body())).as("no run started").isEmpty();
    }

    @Test
    void theMatrixTakesTenThousandRulesAndPathsOf256ComponentsAndNamesTheFirstBeyond() {
        String tenThousand = matrixPolicy(10_000, 0, "/x");
        assertThat(api.post("/api/matrix", tenThousand).statusCode()).isEqualTo(200);
        assertProblemAt(api.post("/api/matrix", matrixPolicy(10_001, 0, "/x")), "/pathBeneath/10/paths/0");
        assertProblemAt(api.post("/api/matrix", matrixPolicy(9_999, 2, "/x")), "/netPort/0/ports/1");
        assertThat(api.post("/api/compile?target=native", matrixPolicy(10_001, 0, "/x")).statusCode())
                .as("a bound of the matrix only").isEqualTo(200);

        assertThat(api.post("/api/matrix", matrixPolicy(1, 0, "/d".repeat(255))).statusCode()).isEqualTo(200);
        assertProblemAt(api.post("/api/matrix", matrixPolicy(1, 0, "/d".repeat(256))), "/pathBeneath/0/paths/0");

        HttpResponse<String> tooLarge = api.post("/api/matrix", matrixPolicy(1, 0, "/x").replace("\"name\"",
                "\"description\": \"" + " ".repeat(1024 * 1024) + "\", \"name\""));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    /** {@code paths} paths (each under {@code prefix}, plus its own last component) in rules of 1000, and {@code ports} ports. */
    private static String matrixPolicy(int paths, int ports, String prefix) {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < paths; i++) {
            rules.append(i % 1000 == 0 ? (i == 0 ? "" : "]}, ") + "{\"allowedAccess\": [\"read_file\"], \"paths\": [" : ", ")
                    .append('"').append(prefix).append("/p").append(i).append('"');
        }
        String portList = String.join(", ", java.util.stream.IntStream.range(0, ports).mapToObj(String::valueOf).toList());
        return "{\"name\": \"matrix\", \"abi\": 7, \"handledAccessFs\": [\"read_file\"], \"handledAccessNet\": ["
                + (ports > 0 ? "\"bind_tcp\"" : "") + "], \"scoped\": [], \"pathBeneath\": [" + rules + "]}], \"netPort\": ["
                + (ports > 0 ? "{\"ports\": [" + portList + "], \"allowedAccess\": [\"bind_tcp\"]}" : "") + "]}";
    }

    private static void assertBadParameter(HttpResponse<String> response, String parameter) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.parse(response.body()).get("parameter").stringValue()).as(response.body()).isEqualTo(parameter);
    }

    private static void assertProblemAt(HttpResponse<String> response, String pointer) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problems = Json.parse(response.body()).get("problems");
        assertThat(problems).as(response.body()).extracting(p -> p.get("pointer").stringValue()).contains(pointer);
    }
}
