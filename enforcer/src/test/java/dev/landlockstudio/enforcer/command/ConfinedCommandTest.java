package dev.landlockstudio.enforcer.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.target.Target;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedCommandTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void landlock() throws Exception {
        EnforcerTestSupport.requireLandlock();
        Files.createDirectories(dir.resolve("allowed"));
        Files.createDirectories(dir.resolve("denied"));
        Files.writeString(dir.resolve("allowed/f"), "allowed content");
        Files.writeString(dir.resolve("denied/f"), "denied content");
        // The unprivileged user must be able to traverse to the files; Landlock, not permissions, is under test.
        for (Path p : List.of(dir, dir.resolve("allowed"), dir.resolve("denied"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : List.of(dir.resolve("allowed/f"), dir.resolve("denied/f"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static Ruleset policy() {
        String policy = "{\"name\": \"cmd\", \"abi\": 4, \"handledAccessNet\": [], \"pathBeneath\": ["
                + "{\"paths\": [\"/usr\", \"/bin\", \"/lib\", \"/lib64\", \"/etc\"], \"allowedAccess\": [\"abi.read_execute\"], \"ifMissing\": \"skip\"},"
                + "{\"paths\": [\"/dev/null\"], \"allowedAccess\": [\"read_file\", \"write_file\"]},"
                + "{\"paths\": [\"/dev/zero\", \"/proc\"], \"allowedAccess\": [\"read_file\"]},"
                + "{\"paths\": " + Json.MAPPER.writeValueAsString(List.of(dir.resolve("allowed").toString()))
                + ", \"allowedAccess\": [\"read_file\", \"read_dir\"]}]}";
        return Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, 4).ruleset();
    }

    @Test
    void theCommandIsConfined() throws Exception {
        ConfinedCommand.Result allowed = ConfinedCommand.run(policy(), List.of("cat", dir.resolve("allowed/f").toString()),
                ConfinedCommand.Limits.DEFAULT);
        assertThat(allowed.exitCode()).as(allowed.stderr()).isZero();
        assertThat(allowed.stdout()).isEqualTo("allowed content");
        ConfinedCommand.Result denied = ConfinedCommand.run(policy(), List.of("cat", dir.resolve("denied/f").toString()),
                ConfinedCommand.Limits.DEFAULT);
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.stderr()).contains("Permission denied");
        assertThat(Files.readString(dir.resolve("denied/f"))).as("the JVM itself is not confined").isEqualTo("denied content");
    }

    @Test
    void asRootTheCommandRunsAsAnUnprivilegedUser() throws Exception {
        Assumptions.assumeTrue(UnixUser.current().uid() == 0, "only root drops privileges");
        ConfinedCommand.Result id = ConfinedCommand.run(policy(), List.of("id", "-u"), ConfinedCommand.Limits.DEFAULT);
        assertThat(id.stdout().strip()).isEqualTo(Integer.toString(UnixUser.named("nobody").uid()));
        assertThat(id.runAs()).isEqualTo("nobody");
        assertThat(UnixUser.current().uid()).as("the JVM stays root").isZero();
        ConfinedCommand.Result nnp = ConfinedCommand.run(policy(), List.of("grep", "NoNewPrivs", "/proc/self/status"),
                ConfinedCommand.Limits.DEFAULT);
        assertThat(nnp.stdout()).contains("NoNewPrivs:\t1");
    }

    @Test
    void theTimeoutKillsTheCommandAndItsChildren() throws Exception {
        Path marker = dir.resolve("allowed");
        long start = System.nanoTime();
        ConfinedCommand.Result result = ConfinedCommand.run(policy(), List.of("sh", "-c", "sleep 300 & sleep 300"),
                new ConfinedCommand.Limits(Duration.ofMillis(500), 1 << 20, UnixUser.named("nobody")));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.signal()).isEqualTo(9);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        Thread.sleep(200);
        try (var procs = Files.list(Path.of("/proc"))) {
            List<String> sleeping = procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .map(p -> { try { return Files.readString(p.resolve("cmdline")).replace('\0', ' ').strip(); } catch (Exception e) { return ""; } })
                    .filter(cmd -> cmd.equals("sleep 300")).toList();
            assertThat(sleeping).as("no child survives the group kill").isEmpty();
        }
        assertThat(marker).exists();
    }

    @Test
    void outputBeyondTheCapIsCut() throws Exception {
        ConfinedCommand.Result result = ConfinedCommand.run(policy(), List.of("head", "-c", "3000000", "/dev/zero"),
                new ConfinedCommand.Limits(Duration.ofSeconds(20), 1000, UnixUser.named("nobody")));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).hasSize(1000);
        assertThat(result.truncated()).isTrue();
    }
}
