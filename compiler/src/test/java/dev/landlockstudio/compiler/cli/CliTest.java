package dev.landlockstudio.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.json.JsonSchemas;
import dev.landlockstudio.compiler.testing.CliRun;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class CliTest {

    @TempDir
    Path dir;

    private static String example(String name) {
        return TestEnvironment.examplesDir().resolve(name + ".json").toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "compile", "import", "matrix", "audit"})
    void everySubcommandHasHelp(String subcommand) {
        CliRun run = CliRun.of(subcommand, "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: landlock-studio " + subcommand);
        assertThat(CliRun.of("help", subcommand).out()).contains("Usage: landlock-studio " + subcommand);
    }

    @Test
    void topLevelHelpListsTheSubcommands() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("validate", "compile", "import", "matrix");
    }

    @Test
    void usageErrorsExitOneAndSayWhatIsWrong() {
        assertThat(CliRun.of().exit()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("frobnicate").exit()).isEqualTo(ExitCode.USAGE);
        CliRun noTarget = CliRun.of("compile", example("network-client"));
        assertThat(noTarget.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noTarget.err()).contains("--target");
        CliRun badTarget = CliRun.of("compile", example("network-client"), "--target", "docker");
        assertThat(badTarget.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(badTarget.err()).contains("unknown target 'docker'", "go-landlock");
        assertThat(CliRun.of("compile", example("network-client"), "--target", "native", "--abi", "12").err())
                .contains("unknown Landlock ABI 12");
        assertThat(CliRun.of("compile", example("network-client"), "--target", "native", "--merge-into", "x.json").err())
                .contains("--merge-into works with oci, oci-1111 and oci-launcher only");
        CliRun missing = CliRun.of("validate", dir.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("cannot read", "no such file");
        assertThat(CliRun.of("import", "--from", "docker", "x").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void exceptCompilesAndExplainsWithAViewAndWithoutOneSaysHowToGiveIt() throws Exception {
        Path policy = Files.writeString(dir.resolve("except.json"), "{\"name\": \"srv\", \"handledAccessFs\":"
                + " [\"read_file\", \"read_dir\"], \"handledAccessNet\": [], \"scoped\": [], \"pathBeneath\": [{\"paths\":"
                + " [\"/srv\"], \"allowedAccess\": [\"read_file\", \"read_dir\"], \"except\": [\"/srv/secret\"]}]}");
        Path view = Files.writeString(dir.resolve("view.json"), "{\"entries\": {\"/srv/secret\": \"directory\","
                + " \"/srv/www\": \"directory\", \"/srv/index.html\": \"file\"}}");

        CliRun compiled = CliRun.of("compile", policy.toString(), "--target", "native", "--fs-view", view.toString());
        assertThat(compiled.exit()).isZero();
        assertThat(compiled.out()).contains("/srv/www", "/srv/index.html").doesNotContain("\"/srv\"", "/srv/secret");
        assertThat(compiled.err()).contains("[" + ReportCode.EXCEPT_EXPANDED.code() + "] /pathBeneath/0/paths/0",
                "[" + ReportCode.EXCEPT_NOT_COVERED.code() + "] /pathBeneath/0/except/0");

        CliRun explained = CliRun.of("explain", policy.toString(), "--access", "read_file", "--path", "/srv/secret/key",
                "--fs-view", view.toString());
        assertThat(explained.exit()).isZero();
        assertThat(explained.out()).contains("excepted from rule #1 (/pathBeneath/0/except/0)", "Decision: denied");

        for (String command : List.of("compile", "matrix")) {
            CliRun noView = command.equals("compile") ? CliRun.of("compile", policy.toString(), "--target", "oci")
                    : CliRun.of("matrix", policy.toString());
            assertThat(noView.exit()).as(command).isEqualTo(ExitCode.INVALID);
            assertThat(noView.err()).as(command).contains("/pathBeneath/0/except/0: except needs to know what exists",
                    "--fs-view FILE or --host-view");
        }
        assertThat(CliRun.of("compile", policy.toString(), "--target", "oci", "--host-view").err())
                .contains("--host-view needs the full landlock-studio program");
    }

    @Test
    void validateSaysValidOnStdout() {
        CliRun run = CliRun.of("validate", example("static-web-server"));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("policy static-web-server is valid\n");
        assertThat(run.err()).doesNotContain("error");
    }

    @Test
    void validateReadsStandardInput() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("{\"name\": \"piped\"}".getBytes(StandardCharsets.UTF_8)));
            assertThat(CliRun.of("validate", "-").out()).contains("policy piped is valid");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void compileWritesOutputAndReport() throws Exception {
        Path report = dir.resolve("report.json");
        Path output = dir.resolve("out.json");
        CliRun run = CliRun.of("compile", example("static-web-server"), "--target", "oci", "--abi", "4",
                "--report", report.toString(), "--output", output.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("warning [handled-dropped] /handledAccessFs: ioctl_dev needs ABI 5");
        JsonNode reportJson = Json.parse(Files.readString(report));
        assertThat(JsonSchemas.validate("report.schema.json", reportJson)).isEmpty();
        assertThat(reportJson.get("target").stringValue()).isEqualTo("oci");
        assertThat(reportJson.get("abi").intValue()).isEqualTo(4);
        assertThat(reportJson.get("enforced").booleanValue()).isTrue();
        assertThat(Json.parse(Files.readString(output)).at("/process/landlock/handledAccess/handledAccessNetwork/0").stringValue())
                .isEqualTo("bind");
    }

    @Test
    void compileDefaultsToThePolicysAbi() {
        CliRun run = CliRun.of("compile", example("container-rootfs-overlay"), "--target", "native");
        assertThat(Json.parse(run.out()).get("abi").intValue()).isEqualTo(6);
    }

    @Test
    void hardRequirementThatCannotBeMetExitsThree() throws Exception {
        Path report = dir.resolve("report.json");
        CliRun run = CliRun.of("compile", example("network-client"), "--target", "go-landlock", "--abi", "7",
                "--report", report.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("error [handled-dropped] /handledAccessNet: bind_tcp has no name in go-landlock", "refused");
        JsonNode reportJson = Json.parse(Files.readString(report));
        assertThat(reportJson.get("enforced").booleanValue()).isFalse();
        assertThat(reportJson.get("items")).filteredOn(i -> ReportCode.inexpressible(i.get("code").stringValue()))
                .isNotEmpty().allMatch(i -> i.get("severity").stringValue().equals("error"));
    }

    @Test
    void softRequirementCompilesToANoOp() {
        CliRun run = CliRun.of("compile", example("ci-build-tool"), "--target", "native", "--abi", "4");
        assertThat(run.exit()).isZero();
        assertThat(Json.parse(run.out()).get("enforced").booleanValue()).isFalse();
        assertThat(run.err()).contains("[not-enforced] /compatibility");
    }

    @Test
    void landlockconfigHasNoNoOpDocument() {
        CliRun run = CliRun.of("compile", example("ci-build-tool"), "--target", "landlockconfig", "--abi", "4");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("no output: landlockconfig has no document that applies nothing");
    }

    @Test
    void mergeIntoKeepsTheUsersConfig() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"ociVersion": "1.2.0", "process": {"args": ["nginx"], "cwd": "/", "noNewPrivileges": false,
                  "landlock": {"stale": true}}, "root": {"path": "rootfs"}}
                """);
        CliRun run = CliRun.of("compile", example("static-web-server"), "--target", "oci-1111", "--abi", "7",
                "--merge-into", config.toString());
        assertThat(run.exit()).isZero();
        JsonNode merged = Json.parse(run.out());
        assertThat(merged.get("ociVersion").stringValue()).isEqualTo("1.2.0");
        assertThat(merged.at("/root/path").stringValue()).isEqualTo("rootfs");
        assertThat(merged.at("/process/args/0").stringValue()).isEqualTo("nginx");
        assertThat(merged.at("/process/noNewPrivileges").booleanValue()).isTrue();
        assertThat(merged.at("/process/landlock/stale").isMissingNode()).isTrue();
        assertThat(merged.at("/process/landlock/ruleset/handledAccessFS").size()).isEqualTo(13);
        assertThat(Files.readString(config)).as("the input file is not changed").contains("\"stale\": true");
    }

    @Test
    void badMergeIntoFileIsInvalidInput() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "[1]");
        CliRun run = CliRun.of("compile", example("static-web-server"), "--target", "oci", "--merge-into", config.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("a config.json is a JSON object");
    }

    @Test
    void importPrintsAPolicyThatValidates() throws Exception {
        Path cfg = dir.resolve("my sandbox.json");
        Files.writeString(cfg, """
                {"forbidden_access": ["read_file", "read_dir"], "exceptions": [{"paths": ["/etc"], "permitted_access": ["read_file"]}],
                 "best_effort": true}
                """);
        CliRun run = CliRun.of("import", "--from", "go-landlock", cfg.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("note: go-landlock's example restricts only the filesystem");
        JsonNode policy = Json.parse(run.out());
        assertThat(policy.get("name").stringValue()).isEqualTo("my-sandbox");
        Path imported = dir.resolve("imported.json");
        Files.writeString(imported, run.out());
        assertThat(CliRun.of("validate", imported.toString()).exit()).isZero();
        assertThat(CliRun.of("import", "--from", "go-landlock", "--name", "given", cfg.toString()).out()).contains("\"name\": \"given\"");
    }

    @Test
    void importDetectsTheFormatAndKeepsTheAbi() throws Exception {
        Path oci = dir.resolve("config.json");
        CliRun exported = CliRun.of("compile", example("static-web-server"), "--target", "oci", "--abi", "7");
        Files.writeString(oci, exported.out());
        CliRun run = CliRun.of("import", oci.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err().lines().findFirst().orElseThrow()).startsWith("note: detected as oci:");
        assertThat(Json.parse(run.out()).get("abi").intValue()).isEqualTo(7);
        assertThat(Json.parse(CliRun.of("import", example("static-web-server")).out()).get("name").stringValue())
                .isEqualTo("static-web-server");

        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"sandbox\": true}");
        CliRun none = CliRun.of("import", other.toString());
        assertThat(none.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(none.err()).contains("matches none of the formats tried", "not oci: ", "not native: ");
        CliRun wrong = CliRun.of("import", "--from", "go-landlock", oci.toString());
        assertThat(wrong.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(wrong.err()).contains("looks like oci", "not go-landlock");
    }

    @Test
    void theFormatsOfLinesAreCompiledAndImportedBack() throws Exception {
        for (String target : List.of("sandboxer", "firejail", "landrun")) {
            Path file = dir.resolve("exported." + target);
            CliRun exported = CliRun.of("compile", example("python-service"), "--target", target, "-o", file.toString());
            assertThat(exported.exit()).as(exported.err()).isZero();
            CliRun run = CliRun.of("import", file.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err().lines().findFirst().orElseThrow()).startsWith("note: detected as " + target + ":");
            Path policy = dir.resolve("imported-" + target + ".json");
            Files.writeString(policy, run.out());
            assertThat(CliRun.of("validate", policy.toString()).exit()).isZero();
        }
        Path bad = dir.resolve("bad.env");
        Files.writeString(bad, "LL_FS_RO=/usr\nLL_FS_RW=\nLL_TCP_BIND=http\n");
        CliRun run = CliRun.of("import", bad.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("line 3, LL_TCP_BIND: \"http\" is not a port");
        Path badLine = dir.resolve("bad.sh");
        Files.writeString(badLine, "landrun --ro /usr --rwo /tmp -- sh\n");
        CliRun line = CliRun.of("import", badLine.toString());
        assertThat(line.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(line.err()).contains("line 1, --rwo: not a landrun flag");
    }

    @Test
    void importOfBadFileExitsTwoWithPointers() throws Exception {
        Path cfg = dir.resolve("cfg.json");
        Files.writeString(cfg, "{\"forbidden_access\": [\"read_fil\"]}");
        CliRun run = CliRun.of("import", "--from", "go-landlock", cfg.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("/forbidden_access/0: \"read_fil\" is not a fs right this format knows");
    }

    @Test
    void matrixCoversEveryAbiAndTarget() {
        CliRun text = CliRun.of("matrix", example("network-client"));
        assertThat(text.exit()).isZero();
        assertThat(text.out().lines().findFirst().orElseThrow()).contains("native", "c", "oci", "oci-1111", "oci-launcher", "go-landlock", "landlockconfig");
        assertThat(text.out()).contains("go-landlock at ABI 3-11: refused; cannot express bind_tcp, connect_tcp");
        JsonNode cells = Json.parse(CliRun.of("matrix", example("network-client"), "--json").out());
        assertThat(cells.size()).isEqualTo(11 * Target.values().length);
        assertThat(cells.get(0).get("abi").intValue()).isEqualTo(1);
        JsonNode newestLandlockconfig = null;
        for (JsonNode cell : cells) {
            if (cell.get("abi").intValue() == 11 && cell.get("target").stringValue().equals("landlockconfig")) {
                newestLandlockconfig = cell;
            }
        }
        assertThat(newestLandlockconfig.get("status").stringValue()).isEqualTo("full");
        // Firejail has no network right: a hard requirement with TCP rules is refused at every ABI.
        assertThat(text.out()).contains("firejail at ABI 1-11: refused");
    }
}
