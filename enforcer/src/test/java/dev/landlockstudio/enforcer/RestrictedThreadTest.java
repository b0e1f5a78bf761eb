package dev.landlockstudio.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the fresh thread, and what it starts, is confined; the JVM and its other threads are not. */
class RestrictedThreadTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws Exception {
        Files.createDirectories(dir.resolve("allowed"));
        Files.createDirectories(dir.resolve("denied"));
        Files.writeString(dir.resolve("allowed/f"), "allowed");
        Files.writeString(dir.resolve("denied/f"), "denied");
        Files.writeString(dir.resolve("file"), "a file");
    }

    private static Ruleset readOnly(String... paths) {
        String policy = "{\"name\": \"t\", \"abi\": 1, \"handledAccessFs\": [\"read_file\", \"read_dir\"], \"pathBeneath\": ["
                + "{\"paths\": " + Json.MAPPER.writeValueAsString(List.of(paths)) + ", \"allowedAccess\": [\"read_file\", \"read_dir\"],"
                + " \"ifMissing\": \"skip\"}]}";
        return Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, 1).ruleset();
    }

    @Test
    void theRestrictedThreadIsConfinedAndTheRestIsNot() throws Exception {
        EnforcerTestSupport.requireLandlock();
        Ruleset ruleset = readOnly(dir.resolve("allowed").toString());
        Path allowed = dir.resolve("allowed/f");
        Path denied = dir.resolve("denied/f");
        RestrictedThread.Result<List<String>> result = RestrictedThread.run(ruleset, () -> {
            String inside = Files.readString(allowed);
            String outside;
            try {
                outside = Files.readString(denied);
            } catch (AccessDeniedException e) {
                outside = "denied";
            }
            // A thread started from the restricted thread inherits its domain.
            String[] child = new String[1];
            Thread t = new Thread(() -> {
                try {
                    child[0] = Files.readString(denied);
                } catch (Exception e) {
                    child[0] = "denied";
                }
            });
            t.start();
            t.join();
            return List.of(inside, outside, child[0]);
        });
        assertThat(result.value()).containsExactly("allowed", "denied", "denied");
        assertThat(Files.readString(denied)).as("the test's own thread is not restricted").isEqualTo("denied");
        String[] other = new String[1];
        Thread unrelated = new Thread(() -> {
            try {
                other[0] = Files.readString(denied);
            } catch (Exception e) {
                other[0] = e.toString();
            }
        });
        unrelated.start();
        unrelated.join();
        assertThat(other[0]).as("a thread started elsewhere is not restricted").isEqualTo("denied");
    }

    @Test
    void missingPathsFollowIfMissingAndFilesKeepFileRights() throws Exception {
        EnforcerTestSupport.requireLandlock();
        Ruleset ruleset = readOnly(dir.resolve("allowed").toString(), dir.resolve("missing").toString(), dir.resolve("file").toString());
        RestrictedThread.Result<String> result = RestrictedThread.run(ruleset, () -> Files.readString(dir.resolve("file")));
        assertThat(result.value()).isEqualTo("a file");
        assertThat(result.applied().skippedMissing()).containsExactly(dir.resolve("missing").toString());
        assertThat(result.applied().maskedToFile()).containsExactly(dir.resolve("file").toString());
    }

    @Test
    void aMissingPathThatMustExistNamesTheSyscallAndPath() {
        EnforcerTestSupport.requireLandlock();
        String policy = "{\"name\": \"t\", \"abi\": 1, \"pathBeneath\": [{\"paths\": [\"/no/such/dir\"], \"allowedAccess\": [\"read_file\"]}]}";
        Ruleset ruleset = Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, 1).ruleset();
        assertThatThrownBy(() -> RestrictedThread.run(ruleset, () -> "never"))
                .isInstanceOf(SyscallException.class)
                .hasMessageStartingWith("/no/such/dir does not exist here: give its rule \"ifMissing\": \"skip\"");
    }
}
