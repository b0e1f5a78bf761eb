package dev.landlockstudio.compiler.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.ScratchTree;
import dev.landlockstudio.compiler.probe.ShellProbes;
import dev.landlockstudio.compiler.testing.Gcc;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator against the kernel: generated policies over a scratch tree, applied by the c target's program,
 * generated accesses run as commands under it; each outcome (allowed, EACCES, EXDEV) must be what the evaluator
 * predicted. {@code -Dkernel.policies=N} sets how many policies (default 30, 25 accesses each).
 */
class KernelDifferentialTest {

    private static final long SYSTEM_RIGHTS = bit("execute") | bit("read_file") | bit("read_dir") | bit("write_file");

    @TempDir
    static Path work;

    @Test
    void evaluatorAgreesWithTheKernel() throws Exception {
        ScratchTree tree = new ScratchTree(work.resolve("tree"));
        int policies = Integer.getInteger("kernel.policies", 30);
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        int cases = 0;
        for (long seed = 1; seed <= policies; seed++) {
            Random random = new Random(seed);
            Policy policy = tree.randomPolicy(random, 7, ShellProbes.SYSTEM_PATHS, SYSTEM_RIGHTS);
            ResolvedPolicy resolved = PolicyReader.check(policy).resolved();
            Ruleset ruleset = Compiler.compile(resolved, Target.NATIVE, 7).ruleset();
            Path program = build(resolved, seed);
            Evaluator evaluator = new Evaluator(List.of(ruleset), tree.view().add("/dev/null", FsView.Type.CHAR_DEVICE).build());
            for (int i = 0; i < 25; i++) {
                AccessRequest request = tree.randomAccess(random, ShellProbes.SUPPORTED);
                tree.reset();
                String actual = run(program, ShellProbes.command(request));
                outcomes.merge(actual, 1, Integer::sum);
                Decision predicted = evaluator.decide(request);
                String expected = predicted.outcome();
                boolean agrees = request.operation().target() == Operation.Target.TWO_PATHS
                        ? expected.equals(actual) : predicted.allowed() == actual.equals("allowed");
                if (!agrees) {
                    mismatches.add("seed " + seed + ": " + ShellProbes.command(request) + " -> kernel " + actual + ", evaluator "
                            + expected + " (" + predicted.reason() + ")\n" + Json.write(policy));
                }
                cases++;
            }
        }
        assertThat(mismatches).as("%d cases", cases).isEmpty();
        assertThat(outcomes).as("the kernel's answers cover every outcome").containsOnlyKeys("allowed", "EACCES", "EXDEV");
    }

    private static Path build(ResolvedPolicy policy, long seed) throws Exception {
        return Gcc.build(Compiler.compile(policy, Target.C, 7).output(), work.resolve("policy-" + seed));
    }

    /** "allowed", "EACCES" or "EXDEV" as the kernel answered (perl's exit status names the errno). */
    private static String run(Path program, String command) throws Exception {
        Process process = new ProcessBuilder(program.toString(), "/bin/sh", "-c", command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        TestEnvironment.requireCapability(!err.contains("without Landlock"), "this kernel does not offer Landlock: " + err.strip());
        assertThat(err).as("the sandbox itself must start: %s", command).doesNotContain("sandbox: ");
        return ShellProbes.outcome(process.exitValue());
    }

    private static long bit(String name) {
        return AbiTable.right(RightKind.FS, name).orElseThrow().value();
    }
}
