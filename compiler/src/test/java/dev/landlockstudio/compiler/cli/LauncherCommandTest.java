package dev.landlockstudio.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.formats.ocilauncher.OciLauncherEmitter;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.testing.CliRun;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** launcher builds the c target's program statically; compile --target oci-launcher wants it where it will mount it. */
class LauncherCommandTest {

    /** Handles only writes: the launcher can still execute the command it is given. */
    private static final String POLICY = """
            {"name": "writes", "abi": 1, "handledAccessFs": ["write_file"],
             "pathBeneath": [{"paths": ["/tmp"], "allowedAccess": ["write_file"]}]}
            """;
    private static final int PT_INTERP = 3;

    @TempDir
    Path dir;

    @Test
    void buildsAStaticExecutableThatRunsItsCommand() throws Exception {
        requireStaticGcc();
        Path launcher = dir.resolve("landlock-launcher");
        CliRun run = CliRun.of("launcher", policy(), "-o", launcher.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher))).isEqualTo("rwxr-xr-x");
        assertThat(hasInterpreter(Files.readAllBytes(launcher))).as("a static executable has no PT_INTERP").isFalse();
        Process p = new ProcessBuilder(launcher.toString(), "/bin/sh", "-c", "exit 7").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(7);
    }

    @Test
    void compileWantsTheLauncherInTheBundle() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"process\": {\"args\": [\"sh\"]}}");
        CliRun missing = CliRun.of("compile", policy(), "--target", "oci-launcher", "--merge-into", config.toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("the launcher " + dir.resolve(OciLauncherEmitter.DEFAULT_SOURCE) + " does not exist",
                "landlock-studio launcher POLICY -o");
        Path launcher = Files.createFile(dir.resolve(OciLauncherEmitter.DEFAULT_SOURCE));
        assertThat(CliRun.of("compile", policy(), "--target", "oci-launcher", "--merge-into", config.toString()).err())
                .contains("is not an executable file");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        CliRun run = CliRun.of("compile", policy(), "--target", "oci-launcher", "--merge-into", config.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode merged = Json.parse(run.out());
        assertThat(merged.at("/process/args/0").stringValue()).isEqualTo(OciLauncherEmitter.DESTINATION);
        assertThat(merged.at("/mounts/0/source").stringValue()).isEqualTo(OciLauncherEmitter.DEFAULT_SOURCE);
        assertThat(CliRun.of("compile", policy(), "--target", "oci", "--launcher", "x").err())
                .contains("--launcher works with oci-launcher only");
    }

    @Test
    void aBuildThatCannotBeWrittenSaysWhyAndLeavesNothing() throws Exception {
        requireStaticGcc();
        Path nowhere = dir.resolve("no-such-folder/launcher");
        CliRun run = CliRun.of("launcher", policy(), "-o", nowhere.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("cannot write " + nowhere + ": its folder does not exist");
        assertThat(nowhere.getParent()).doesNotExist();
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"name\": 5}");
        CliRun invalid = CliRun.of("launcher", bad.toString(), "-o", dir.resolve("x").toString());
        assertThat(invalid.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(invalid.err()).contains("/name");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void exceptPathsExpandAgainstTheContainersViewGivenWithFsView() throws Exception {
        requireStaticGcc();
        Path policy = Files.writeString(dir.resolve("except.json"), "{\"name\": \"srv\", \"abi\": 1, \"handledAccessFs\":"
                + " [\"read_file\"], \"pathBeneath\": [{\"paths\": [\"/srv\"], \"allowedAccess\": [\"read_file\"],"
                + " \"except\": [\"/srv/secret\"]}]}");
        Path launcher = dir.resolve("landlock-launcher");
        CliRun noView = CliRun.of("launcher", policy.toString(), "-o", launcher.toString());
        assertThat(noView.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(noView.err()).contains("/pathBeneath/0/except/0: except needs to know what exists", "--fs-view FILE");
        assertThat(launcher).doesNotExist();

        Path view = Files.writeString(dir.resolve("view.json"), "{\"entries\": {\"/srv/secret\": \"directory\","
                + " \"/srv/www\": \"directory\"}}");
        CliRun run = CliRun.of("launcher", policy.toString(), "-o", launcher.toString(), "--fs-view", view.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("[" + ReportCode.EXCEPT_EXPANDED.code() + "]");
        assertThat(new String(Files.readAllBytes(launcher), StandardCharsets.ISO_8859_1)).contains("/srv/www")
                .doesNotContain("/srv/secret");
    }

    private String policy() throws Exception {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, POLICY);
        return policy.toString();
    }

    /** Whether an ELF64 little-endian file asks for a program interpreter (a dynamic loader). */
    private static boolean hasInterpreter(byte[] elf) {
        ByteBuffer header = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(elf, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
        long programHeaders = header.getLong(0x20);
        int entrySize = header.getShort(0x36) & 0xffff;
        int count = header.getShort(0x38) & 0xffff;
        for (int i = 0; i < count; i++) {
            if (header.getInt((int) programHeaders + i * entrySize) == PT_INTERP) {
                return true;
            }
        }
        return false;
    }

    private static void requireStaticGcc() throws Exception {
        boolean gcc = Files.isExecutable(Path.of("/usr/bin/gcc"));
        TestEnvironment.requireCapability(gcc, "gcc is not installed (bin/test installs it)");
        Process p = new ProcessBuilder("gcc", "-print-file-name=libc.a").start();
        String libc = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        TestEnvironment.requireCapability(libc.startsWith("/"), "the static libc.a is missing (libc6-dev; bin/test installs it)");
    }
}
