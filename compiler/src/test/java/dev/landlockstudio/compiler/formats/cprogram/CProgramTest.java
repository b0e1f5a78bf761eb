package dev.landlockstudio.compiler.formats.cprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.testing.Gcc;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The c target's programs build warning-free and, on a Landlock host, confine the command they run. */
class CProgramTest {

    @TempDir
    static Path work;

    @TestFactory
    Stream<DynamicTest> everyExampleBuildsWithWallWerror() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestEnvironment.examplesDir())) {
            for (Path example : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                var policy = PolicyReader.read(Files.readString(example)).resolved();
                for (int abi : new int[] {1, 4, 6, 7, 10, 11}) {
                    String name = example.getFileName().toString().replace(".json", "") + "-abi" + abi;
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        Compilation c = Compiler.compile(policy, Target.C, abi);
                        if (c.output() != null) {
                            build(c.output(), name);
                        }
                    }));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void pathsWithQuotesBackslashesAndNewlinesStayOnePathEach() throws Exception {
        String odd = work.resolve("a \"quoted\" \\ dir?\nwith a newline").toString();
        assertThat(CProgramEmitter.cString(odd)).doesNotContain("\n").startsWith("\"").endsWith("\"");
        Files.createDirectories(Path.of(odd));
        Files.writeString(Path.of(odd, "f"), "inside");
        String policy = """
                {"name": "odd", "abi": 1, "handledAccessFs": ["read_file", "read_dir", "execute"],
                 "pathBeneath": [{"paths": ["/usr", "/lib", "/lib64", "/bin", "/etc"], "allowedAccess": ["abi.read_execute"], "ifMissing": "skip"},
                                 {"paths": [%s], "allowedAccess": ["read_file"]}]}
                """.formatted(jsonString(odd));
        Path program = build(Compiler.compile(PolicyReader.read(policy).resolved(), Target.C, 1).output(), "odd");
        Result inside = run(program, "/bin/cat", odd + "/f");
        requireLandlock(inside);
        assertThat(inside.exit).as(inside.err).isZero();
        assertThat(inside.out).isEqualTo("inside");
    }

    /** One allowed and one denied access, checked through a real command under the real kernel. */
    @Test
    void confinesTheCommandItRuns() throws Exception {
        Path allowed = Files.createDirectories(work.resolve("allowed"));
        Path denied = Files.createDirectories(work.resolve("denied"));
        Files.writeString(allowed.resolve("note"), "allowed content");
        Files.writeString(denied.resolve("secret"), "denied content");
        String policy = """
                {"name": "live", "abi": 4, "compatibility": "best_effort", "handledAccessNet": [],
                 "pathBeneath": [
                   {"paths": ["/usr", "/lib", "/lib64", "/bin", "/etc"], "allowedAccess": ["abi.read_execute"], "ifMissing": "skip"},
                   {"paths": [%s], "allowedAccess": ["read_file", "read_dir"]},
                   {"paths": ["/does/not/exist"], "allowedAccess": ["read_file"], "ifMissing": "skip"}
                 ]}
                """.formatted(jsonString(allowed.toString()));
        Path program = build(Compiler.compile(PolicyReader.read(policy).resolved(), Target.C, 4).output(), "live");

        Result read = run(program, "/bin/cat", allowed.resolve("note").toString());
        requireLandlock(read);
        assertThat(read.exit).as(read.err).isZero();
        assertThat(read.out).isEqualTo("allowed content");

        Result refused = run(program, "/bin/cat", denied.resolve("secret").toString());
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.out).isEmpty();
        assertThat(refused.err).contains("Permission denied");

        Result write = run(program, "/bin/sh", "-c", "echo x > " + allowed.resolve("new"));
        assertThat(write.exit).isNotZero();
        assertThat(allowed.resolve("new")).doesNotExist();

        // Outside the sandbox the same file is readable: the denial is Landlock's.
        assertThat(Files.readString(denied.resolve("secret"))).isEqualTo("denied content");
    }

    @Test
    void missingPathFailsWhenIfMissingIsFail() throws Exception {
        String policy = """
                {"name": "missing", "abi": 1, "pathBeneath": [{"paths": ["/does/not/exist"], "allowedAccess": ["read_file"]}]}
                """;
        Path program = build(Compiler.compile(PolicyReader.read(policy).resolved(), Target.C, 1).output(), "missing");
        Result result = run(program, "/bin/true");
        requireLandlock(result);
        assertThat(result.exit).isEqualTo(125);
        assertThat(result.err).contains("cannot open /does/not/exist");
    }

    private record Result(int exit, String out, String err) {
    }

    /** The program says when the kernel has no Landlock; then the live checks cannot run here. */
    private static void requireLandlock(Result result) {
        TestEnvironment.requireCapability(!result.err.contains("without Landlock"),
                "this kernel does not offer Landlock: " + result.err.strip());
    }

    private static Path build(String source, String name) throws Exception {
        return Gcc.build(source, work.resolve(name));
    }

    private static Result run(Path program, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(program.toString()));
        args.addAll(List.of(command));
        return exec(args);
    }

    private static Result exec(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static String jsonString(String value) {
        return dev.landlockstudio.compiler.json.Json.MAPPER.writeValueAsString(value);
    }
}
