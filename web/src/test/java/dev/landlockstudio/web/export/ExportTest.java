package dev.landlockstudio.web.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Import;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.web.testing.ServerTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a CI job gets from export: exactly what the compiler produces, for every example, target and ABI. */
class ExportTest extends ServerTest {

    private static final Path EXAMPLES = Path.of("..", "examples");


    @BeforeAll
    static void storeExamples() throws IOException {
        for (Path example : examples()) {
            HttpResponse<String> created = api.post("/api/policies", Files.readString(example));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }


    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyTargetAndAbiIsWhatTheCompilerProduces() throws IOException {
        int exported = 0;
        for (Path example : examples()) {
            PolicyReader.ReadPolicy policy = PolicyReader.read(Files.readString(example));
            String name = policy.document().name();
            for (Target target : Target.values()) {
                for (int abi : List.of(1, 4, 7, 10)) {
                    Compilation expected = Compiler.compile(policy.resolved(), target, abi);
                    HttpResponse<String> response = api.get("/api/policies/" + name + "/export?target=" + target.id() + "&abi=" + abi);
                    if (expected.refused() || expected.output() == null) {
                        assertThat(response.statusCode()).as(name + " " + target.id() + " " + abi).isEqualTo(422);
                        assertThat(Json.parse(response.body()).get("report").get("abi").asInt()).isEqualTo(abi);
                        assertThat(Json.parse(response.body()).get("type").asString()).endsWith("/no-output");
                        continue;
                    }
                    assertThat(response.statusCode()).as(name + " " + target.id() + " " + abi).isEqualTo(200);
                    assertThat(response.body()).isEqualTo(expected.output());
                    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                            assertThat(type).startsWith(switch (target.extension()) {
                                case "c" -> "text/x-csrc";
                                case "json" -> "application/json";
                                default -> "text/plain";
                            }));
                    assertThat(response.headers().firstValue("Landlock-Studio-Report")).hasValueSatisfying(report ->
                            assertThat(report).startsWith("enforced=" + expected.enforced() + ";"));
                    exported++;
                }
            }
        }
        assertThat(exported).isGreaterThan(80);
    }

    @Test
    void theEnvelopeCarriesTheReportAndTheAbiDefaultsToThePolicys() {
        HttpResponse<String> response = api.get("/api/policies/static-web-server/export?target=go-landlock&envelope=true");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode envelope = Json.parse(response.body());
        assertThat(envelope.get("version").asInt()).isEqualTo(1);
        assertThat(envelope.get("abi").asInt()).isEqualTo(envelope.get("report").get("abi").asInt());
        assertThat(envelope.get("report").get("target").stringValue()).isEqualTo("go-landlock");
        assertThat(Json.parse(envelope.get("output").stringValue()).isObject()).isTrue();
    }

    @Test
    void anUnchangedExportIs304() {
        HttpResponse<String> first = api.get("/api/policies/static-web-server/export?target=oci&abi=7");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"v1-oci-7\"");
        assertThat(api.get("/api/policies/static-web-server/export?target=oci&abi=7", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(api.get("/api/policies/static-web-server/export?target=oci&abi=6", "If-None-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void landlockconfigIsExportedAsItsTomlToo() {
        String url = "/api/policies/static-web-server/export?target=landlockconfig&abi=7";
        HttpResponse<String> json = api.get(url);
        HttpResponse<String> toml = api.get(url + "&format=toml");
        assertThat(toml.statusCode()).isEqualTo(200);
        assertThat(toml.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(toml.body()).startsWith("abi = 7\n\n[[ruleset]]\n");
        assertThat(Import.read(toml.body(), null, null, "x").policy()).as("the same configuration")
                .isEqualTo(Import.read(json.body(), null, null, "x").policy());
        assertThat(toml.headers().firstValue("ETag")).isNotEqualTo(json.headers().firstValue("ETag"));
        assertThat(Json.parse(api.get(url + "&format=toml&envelope=true").body()).get("output").stringValue()).isEqualTo(toml.body());
        for (String bad : new String[] {"/api/policies/static-web-server/export?target=oci&format=toml", url + "&format=yaml"}) {
            HttpResponse<String> refused = api.get(bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(Json.parse(refused.body()).get("parameter").stringValue()).isEqualTo("format");
        }
    }

    @Test
    void badParametersNameTheParameter() {
        HttpResponse<String> noTarget = api.get("/api/policies/static-web-server/export");
        assertThat(noTarget.statusCode()).isEqualTo(400);
        assertThat(Json.parse(noTarget.body()).get("parameter").stringValue()).isEqualTo("target");
        HttpResponse<String> badAbi = api.get("/api/policies/static-web-server/export?target=oci&abi=99");
        assertThat(badAbi.statusCode()).isEqualTo(400);
        assertThat(Json.parse(badAbi.body()).get("parameter").stringValue()).isEqualTo("abi");
        assertThat(Json.parse(badAbi.body()).get("detail").stringValue()).contains("unknown Landlock ABI 99");
        assertThat(api.get("/api/policies/nobody/export?target=oci").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/policies/static-web-server/export?target=oci&abi=seven").statusCode()).isEqualTo(400);
    }
}
