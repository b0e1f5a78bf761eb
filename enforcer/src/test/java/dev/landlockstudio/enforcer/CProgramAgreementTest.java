package dev.landlockstudio.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.ScratchTree;
import dev.landlockstudio.compiler.probe.ShellProbes;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.Landlock;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The c target's program and the enforcer apply the same policy and answer the same accesses the same way. */
class CProgramAgreementTest {

    private static final long SYSTEM_RIGHTS = bit("execute") | bit("read_file") | bit("read_dir") | bit("write_file");

    @TempDir
    static Path work;

    /** What one seed applies: the rulesets the enforcer stacks, and the c target's program for the same. */
    private record Applied(RulesetStack rulesets, String program, String shown) {
    }

    @Test
    void cProgramAndEnforcerAgree() throws Exception {
        agree((tree, random, abi) -> {
            Policy policy = tree.randomPolicy(random, abi, ShellProbes.SYSTEM_PATHS, SYSTEM_RIGHTS);
            ResolvedPolicy resolved = PolicyReader.check(policy).resolved();
            return new Applied(RulesetStack.of("p", Compiler.compile(resolved, Target.NATIVE, abi).ruleset()),
                    Compiler.compile(resolved, Target.C, abi).output(), Json.write(policy));
        });
    }

    /** Two random policies stacked: the program applies one ruleset after the other, as the enforcer does. */
    @Test
    void stackedCProgramAndEnforcerAgree() throws Exception {
        agree((tree, random, abi) -> {
            Policy base = tree.randomPolicy(random, abi, ShellProbes.SYSTEM_PATHS, SYSTEM_RIGHTS);
            Policy top = tree.randomPolicy(random, abi, ShellProbes.SYSTEM_PATHS, SYSTEM_RIGHTS);
            PolicyStack stack = new PolicyStack(List.of(
                    new PolicyStack.Layer("base", "/extends/0", PolicyReader.check(base).resolved()),
                    new PolicyStack.Layer("top", "", PolicyReader.check(top).resolved())));
            return new Applied(Compiler.lower(stack, abi).rulesets(),
                    Compiler.compile(stack, Target.C, abi, Compiler.Options.DEFAULT).output(),
                    Json.write(base) + Json.write(top));
        });
    }

    private interface Seeded {
        Applied of(ScratchTree tree, Random random, int abi) throws Exception;
    }

    private static void agree(Seeded seeded) throws Exception {
        int abi = EnforcerTestSupport.abi();
        EnforcerTestSupport.require(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed (bin/test installs it)");
        ScratchTree tree = new ScratchTree(work.resolve("tree"));
        tree.reset();
        ProbeRunner.run(AccessRequest.onPath(Operation.READ_DIR, tree.root().toString()));
        List<String> disagreements = new ArrayList<>();
        int cases = 0;
        for (long seed = 1; seed <= 12; seed++) {
            Random random = new Random(seed);
            Applied applied = seeded.of(tree, random, abi);
            Path program = build(applied.program(), seed);
            for (int i = 0; i < 20; i++) {
                AccessRequest request = tree.randomAccess(random, ShellProbes.SUPPORTED);
                tree.reset();
                String byC = cProgram(program, ShellProbes.command(request));
                tree.reset();
                ProbeRunner.Outcome byEnforcer = RestrictedThread.run(applied.rulesets(), Landlock.AT_FDCWD, null,
                        () -> ProbeRunner.run(request)).value();
                String enforcer = byEnforcer.result() == ProbeRunner.Result.ALLOWED ? "allowed" : byEnforcer.errno();
                boolean agree = request.operation().target() == Operation.Target.TWO_PATHS
                        ? byC.equals(enforcer) : byC.equals("allowed") == enforcer.equals("allowed");
                if (!agree) {
                    disagreements.add("seed " + seed + ": " + request + " -> c " + byC + ", enforcer " + enforcer + "\n"
                            + applied.shown());
                }
                cases++;
            }
        }
        assertThat(disagreements).as("%d cases", cases).isEmpty();
    }

    private static Path build(String source, long seed) throws Exception {
        Path c = work.resolve("p" + seed + ".c");
        Path binary = work.resolve("p" + seed);
        Files.writeString(c, source);
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Werror", "-o", binary.toString(), c.toString())
                .redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0).as(out).isTrue();
        return binary;
    }

    private static String cProgram(Path program, String command) throws Exception {
        Process process = new ProcessBuilder(program.toString(), "/bin/sh", "-c", command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return ShellProbes.outcome(process.exitValue());
    }

    private static long bit(String name) {
        return AbiTable.right(RightKind.FS, name).orElseThrow().value();
    }
}
