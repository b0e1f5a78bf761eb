package dev.landlockstudio.compiler.formats.cprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Import;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's own sample, samples/landlock/sandboxer.c from Debian's linux-source-6.12, and the c target's
 * program for the equivalent policy run the same shell probes; every probe must end the same way under both.
 * The sandboxer's read-only rules grant execute, read_file and read_dir, its read-write rules every fs right
 * of ABI 6, and LL_SCOPED=s scopes signals. The sandboxer target writes that very environment for the policy, and
 * importing the environment gives back the policy's ruleset.
 */
class SandboxerDifferentialTest {

    private static final Path KERNEL_SOURCE = Path.of("/usr/src/linux-source-6.12.tar.xz");
    private static final Path BUILD = Path.of("target/kernel-sample").toAbsolutePath();
    private static final List<String> SYSTEM_RO = List.of("/usr", "/lib", "/bin", "/etc");

    private static Path sandboxer;

    @TempDir
    static Path work;

    @BeforeAll
    static void buildTheKernelSample() throws Exception {
        TestEnvironment.requireCapability(Files.isRegularFile(KERNEL_SOURCE),
                KERNEL_SOURCE + " is missing (bin/test installs Debian's linux-source-6.12)");
        sandboxer = BUILD.resolve("sandboxer");
        if (Files.isExecutable(sandboxer)) {
            return;
        }
        Files.createDirectories(BUILD);
        run(List.of("tar", "-xJf", KERNEL_SOURCE.toString(), "-C", BUILD.toString(), "--strip-components=1",
                "--wildcards", "*/samples/landlock/sandboxer.c", "*/include/uapi/linux/landlock.h"), Map.of(), true);
        run(List.of("gcc", "-O2", "-I", BUILD.resolve("include/uapi").toString(), "-o", sandboxer.toString(),
                BUILD.resolve("samples/landlock/sandboxer.c").toString()), Map.of(), true);
    }

    /** Shell probes, each run in a fresh copy of the tree (some are destructive). */
    private static final List<String> PROBES = List.of(
            "cat ro/f", "cat none/f", "cat rw/f", "ls ro", "ls none", "ls rw/sub",
            "echo x >> ro/f", "echo x >> rw/f", ": > rw/f", ": > ro/f",
            "touch rw/new", "touch ro/new", "touch none/new", "mkdir rw/d", "mkdir ro/d",
            "rm rw/a", "rm ro/f", "rmdir rw/sub", "mv rw/a rw/b", "mv rw/a rw/sub/a", "mv ro/f rw/f2", "mv rw/a ro/a",
            "ln -s target rw/link", "ln rw/a rw/sub/hard", "ln ro/f rw/hard", "mkfifo rw/pipe", "mkfifo ro/pipe",
            "cat rofile", "echo x >> rofile", "cat rwfile", "echo x >> rwfile", "cat nonefile",
            "kill -0 1", "/bin/true", "ls /tmp > /dev/null");

    @Test
    void everyProbeEndsTheSameWayUnderTheKernelSample() throws Exception {
        Path tree = work.resolve("tree");
        Path ours = ourProgram(tree);
        Map<String, String> sampleEnv = Map.of(
                "LL_FS_RO", String.join(":", SYSTEM_RO) + ":" + tree.resolve("ro") + ":" + tree.resolve("rofile"),
                "LL_FS_RW", tree.resolve("rw") + ":" + tree.resolve("rwfile"),
                "LL_SCOPED", "s");
        List<String> mismatches = new ArrayList<>();
        int allowed = 0;
        for (String probe : PROBES) {
            resetTree(tree);
            Result kernelSample = runIn(tree, sandboxer, sampleEnv, probe);
            TestEnvironment.requireCapability(!kernelSample.err.contains("Failed to check Landlock compatibility"),
                    "this kernel does not offer Landlock: " + kernelSample.err.strip());
            resetTree(tree);
            Result studio = runIn(tree, ours, Map.of(), probe);
            if ((kernelSample.exit == 0) != (studio.exit == 0)) {
                mismatches.add(probe + ": kernel sample exit " + kernelSample.exit + " (" + kernelSample.err.strip()
                        + "), ours exit " + studio.exit + " (" + studio.err.strip() + ")");
            }
            allowed += kernelSample.exit == 0 ? 1 : 0;
        }
        assertThat(mismatches).isEmpty();
        assertThat(allowed).as("some probes are allowed, some denied").isBetween(5, PROBES.size() - 5);

        ResolvedPolicy policy = PolicyReader.read(policy(tree)).resolved();
        String exported = Compiler.compile(policy, Target.SANDBOXER, 6).output();
        assertThat(environment(exported)).isEqualTo(sampleEnv);
        Ruleset expected = Compiler.compile(policy, Target.NATIVE, 6).ruleset();
        Ruleset imported = Compiler.compile(PolicyReader.check(Import.read(exported, null, null, "back").policy()).resolved(),
                Target.NATIVE, 6).ruleset();
        assertThat(imported.handledAccessFs()).isEqualTo(expected.handledAccessFs());
        assertThat(imported.scoped()).isEqualTo(expected.scoped());
        // The sandboxer skips a path it cannot open: only the rules' ifMissing differs.
        assertThat(imported.pathBeneath()).extracting(Ruleset.PathBeneath::path, Ruleset.PathBeneath::allowedAccess)
                .isEqualTo(expected.pathBeneath().stream().map(r -> tuple(r.path(), r.allowedAccess()))
                        .toList());
    }

    /** The variables of the sandboxer target's lines (bare words here: the paths need no quotes). */
    private static Map<String, String> environment(String lines) {
        Map<String, String> env = new LinkedHashMap<>();
        lines.lines().forEach(line -> env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return env;
    }

    /** The equivalent policy, compiled for ABI 6 like the sample. */
    private static Path ourProgram(Path tree) throws Exception {
        Path c = work.resolve("kernel-sample.c");
        Path binary = work.resolve("kernel-sample");
        Files.writeString(c, Compiler.compile(PolicyReader.read(policy(tree)).resolved(), Target.C, 6).output());
        run(List.of("gcc", "-O2", "-Wall", "-Werror", "-o", binary.toString(), c.toString()), Map.of(), true);
        return binary;
    }

    private static String policy(Path tree) {
        return """
                {"name": "kernel-sample", "abi": 6, "handledAccessFs": ["abi.all"], "handledAccessNet": [], "scoped": ["signal"],
                 "pathBeneath": [
                   {"paths": %s, "allowedAccess": ["abi.read_execute"]},
                   {"paths": %s, "allowedAccess": ["abi.all"]}
                 ]}
                """.formatted(json(concat(SYSTEM_RO, List.of(tree.resolve("ro").toString(), tree.resolve("rofile").toString()))),
                json(List.of(tree.resolve("rw").toString(), tree.resolve("rwfile").toString())));
    }

    /** ro/{f}, rw/{f, a, sub/}, none/{f}, and the files rofile, rwfile, nonefile, as new (probes change it). */
    private static void resetTree(Path tree) throws Exception {
        run(List.of("rm", "-rf", tree.toString()), Map.of(), true);
        for (String d : List.of("ro", "rw/sub", "none")) {
            Files.createDirectories(tree.resolve(d));
        }
        for (String f : List.of("ro/f", "rw/f", "rw/a", "none/f", "rofile", "rwfile", "nonefile")) {
            Files.writeString(tree.resolve(f), "content of " + f + "\n");
        }
    }

    private record Result(int exit, String err) {
    }

    private static Result runIn(Path tree, Path program, Map<String, String> env, String probe) throws Exception {
        return run(List.of(program.toString(), "/bin/sh", "-c", "cd " + tree + " && " + probe), env, false);
    }

    private static Result run(List<String> command, Map<String, String> env, boolean mustSucceed) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        if (mustSucceed) {
            assertThat(process.exitValue()).as("%s: %s", command, err).isZero();
        }
        return new Result(process.exitValue(), err);
    }

    private static String json(List<String> values) {
        return Json.MAPPER.writeValueAsString(values);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
