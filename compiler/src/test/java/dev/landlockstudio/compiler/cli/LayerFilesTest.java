package dev.landlockstudio.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.json.JsonSchemas;
import dev.landlockstudio.compiler.testing.CliRun;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --layer FILE on the command line: bases given as files, known by their names, each used or refused. */
class LayerFilesTest {

    @TempDir
    Path dir;

    private static String layer(String name) {
        return TestEnvironment.examplesDir().resolve("layers").resolve(name + ".json").toString();
    }

    @Test
    void explainNamesTheLayerThatDecides() {
        CliRun run = CliRun.of("explain", layer("web-offline"), "--layer", layer("base"), "--layer", layer("offline"),
                "--abi", "7", "--access", "rename", "--path", "/srv/data/a", "--to", "/srv/drop/a");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Decision: denied with EXDEV (refer is not granted on both sides by layer 2 (offline)");
        CliRun json = CliRun.of("explain", layer("web"), "--layer", layer("base"), "--abi", "7", "--json", "--access",
                "read_file", "--path", "/srv/www/index.html");
        assertThat(Json.parse(json.out()).get("layers").toString()).isEqualTo("[\"base\",\"web\"]");
        assertThat(Json.parse(json.out()).get("decidedBy").toString()).isEqualTo("[\"base#/pathBeneath/1\",\"/pathBeneath/0\"]");
    }

    @Test
    void compileWritesNativeLayersAndTheIntersectionElsewhere() throws Exception {
        CliRun run = CliRun.of("compile", layer("web"), "--layer", layer("base"), "--target", "native", "--abi", "7");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(JsonSchemas.validate("native-layers.schema.json", Json.parse(run.out()))).isEmpty();
        Path report = dir.resolve("report.json");
        CliRun oci = CliRun.of("compile", layer("web"), "--layer", layer("base"), "--target", "oci", "--abi", "7",
                "--report", report.toString());
        assertThat(oci.exit()).as(oci.err()).isZero();
        assertThat(oci.err()).contains("info [layers-intersected] /extends:", "warning [layers-narrowed] /extends:");
        assertThat(JsonSchemas.validate("report.schema.json", Json.parse(Files.readString(report)))).isEmpty();
    }

    @Test
    void stackedNativeRulesetsAreNotImportedAsOnePolicy() throws Exception {
        Path stacked = dir.resolve("stacked.json");
        Files.writeString(stacked, CliRun.of("compile", layer("web"), "--layer", layer("base"), "--target", "native").out());
        for (String[] args : new String[][] {{"import", stacked.toString()}, {"import", "--from", "native", stacked.toString()}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
            assertThat(run.err()).contains("stacked rulesets (native-layers.schema.json), which one policy cannot hold");
        }
    }

    @Test
    void validateListsTheLayersInOrder() {
        CliRun run = CliRun.of("validate", layer("web-offline"), "--layer", layer("offline"), "--layer", layer("base"));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("policy web-offline is valid with its bases, applied in this order: base, offline,"
                + " web-offline");
    }

    @Test
    void aMissingUnusedOrDuplicatedBaseIsRefused() throws Exception {
        CliRun missing = CliRun.of("validate", layer("web"));
        assertThat(missing.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(missing.err()).contains("/extends/0: no policy is named \"base\"");
        CliRun unused = CliRun.of("validate", layer("web"), "--layer", layer("base"), "--layer", layer("offline"));
        assertThat(unused.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(unused.err()).contains("\"offline\" is not among the bases the policy extends (base)");
        CliRun twice = CliRun.of("validate", layer("web"), "--layer", layer("base"), "--layer", layer("base"));
        assertThat(twice.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(twice.err()).contains("is named \"base\" too");
        Path nameless = dir.resolve("nameless.json");
        Files.writeString(nameless, "{\"handledAccessFs\": []}");
        assertThat(CliRun.of("validate", layer("web"), "--layer", nameless.toString()).err())
                .contains("a base policy needs a \"name\"");
        CliRun matrix = CliRun.of("matrix", layer("web"));
        assertThat(matrix.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(matrix.err()).contains("/extends: matrix takes a policy on its own");
    }
}
