package dev.landlockstudio.compiler.formats.landlockconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.testing.CliRun;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The command line's landlockconfig parts: import --base, several files composed, compile --format toml. */
class LandlockConfigCliTest {

    @TempDir
    Path dir;

    @Test
    void importTakesRelativePathsFromTheBaseAndComposesSeveralFiles() throws IOException {
        Path one = Files.writeString(dir.resolve("one.toml"), "abi = 4\n[[path_beneath]]\nallowed_access = [\"abi.read_write\"]\nparent = [\".\", \"data\"]\n");
        Path two = Files.writeString(dir.resolve("two.json"), "{\"ruleset\": [{\"handledAccessFs\": [\"read_file\", \"write_file\"]}]}");
        CliRun alone = CliRun.of("import", "--base", "/srv/app", one.toString());
        assertThat(alone.exit()).isZero();
        assertThat(alone.err()).contains("relative paths are resolved against /srv/app");
        assertThat(Json.parse(alone.out()).at("/pathBeneath/0/paths").toString()).isEqualTo("[\"/srv/app\",\"/srv/app/data\"]");

        CliRun composed = CliRun.of("import", "--base", "/srv/app", one.toString(), two.toString());
        assertThat(composed.exit()).isZero();
        JsonNode policy = Json.parse(composed.out());
        assertThat(policy.get("name").stringValue()).isEqualTo("one");
        assertThat(policy.get("handledAccessFs").toString()).isEqualTo("[\"write_file\",\"read_file\"]");
        assertThat(policy.at("/pathBeneath/0/allowedAccess").toString()).isEqualTo("[\"write_file\",\"read_file\"]");

        CliRun wrong = CliRun.of("import", "--from", "oci", one.toString(), two.toString());
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("only landlockconfig files are composed");
    }

    @Test
    void compileWritesLandlockconfigTomlThatImportsBack() throws IOException {
        Path example = TestEnvironment.examplesDir().resolve("python-service.json");
        CliRun toml = CliRun.of("compile", "--target", "landlockconfig", "--format", "toml", "--abi", "6", example.toString());
        assertThat(toml.exit()).isZero();
        assertThat(toml.out()).startsWith("abi = 6\n\n[[ruleset]]\n");
        Path written = Files.writeString(dir.resolve("out.toml"), toml.out());
        assertThat(CliRun.of("import", written.toString()).exit()).isZero();
        assertThat(CliRun.of("compile", "--target", "oci", "--format", "toml", example.toString()).exit()).isEqualTo(1);
    }
}
