package dev.landlockstudio.benchmarks;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import dev.landlockstudio.enforcer.host.HostInspector;
import dev.landlockstudio.enforcer.host.HostReport;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The enforcer beside the c target's compiled program, in one run: applying a 1,000-rule ruleset, spawning /bin/true
 * under a 50-rule policy, and 1,000 probes on one restricted thread. Needs Landlock and gcc.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnforcerBenchmark {

    private Path dir;
    private Ruleset thousand;
    private Ruleset fifty;
    private Path thousandProgram;
    private Path fiftyProgram;
    private List<AccessRequest> probes;

    @Setup
    public void build() throws Exception {
        HostReport host = HostInspector.inspect();
        if (host.abi() == null) {
            throw new IllegalStateException("the enforcer benchmark needs Landlock");
        }
        int target = host.newestAbi();
        dir = Files.createTempDirectory("landlock-studio-bench");
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            paths.add(Files.createDirectories(dir.resolve("d" + i)).toString());
        }
        Files.writeString(dir.resolve("d0/f"), "x");
        ResolvedPolicy big = policy(paths);
        ResolvedPolicy small = policy(paths.subList(0, 50));
        thousand = Compiler.compile(big, Target.NATIVE, target).ruleset();
        fifty = Compiler.compile(small, Target.NATIVE, target).ruleset();
        thousandProgram = gcc(Compiler.compile(big, Target.C, target).output(), "thousand");
        fiftyProgram = gcc(Compiler.compile(small, Target.C, target).output(), "fifty");
        probes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            probes.add(AccessRequest.onPath(i % 2 == 0 ? Operation.READ_FILE : Operation.READ_DIR,
                    i % 2 == 0 ? dir.resolve("d0/f").toString() : dir.resolve("d" + (i % 1000)).toString()));
        }
        ProbeRunner.run(probes.get(0));
    }

    /** Read and execute the system, so the confined /bin/true can start, and read the benchmark's directories. */
    private static ResolvedPolicy policy(List<String> paths) throws Exception {
        String json = "{\"name\": \"bench\", \"handledAccessNet\": [], \"scoped\": [], \"pathBeneath\": ["
                + "{\"paths\": [\"/usr\", \"/bin\", \"/lib\", \"/lib64\"], \"allowedAccess\": [\"abi.read_execute\"], \"ifMissing\": \"skip\"},"
                + "{\"paths\": " + Json.MAPPER.writeValueAsString(paths) + ", \"allowedAccess\": [\"read_file\", \"read_dir\"]}]}";
        return PolicyReader.read(json).resolved();
    }

    private Path gcc(String source, String name) throws Exception {
        Path c = dir.resolve(name + ".c");
        Path binary = dir.resolve(name);
        Files.writeString(c, source);
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), c.toString()).inheritIO().start();
        if (gcc.waitFor() != 0) {
            throw new IllegalStateException("gcc failed");
        }
        return binary;
    }

    @TearDown
    public void clean() throws Exception {
        FileTrees.delete(dir);
    }

    /** Building and applying the 1,000-rule ruleset on a fresh thread (open, add_rule and close per rule). */
    @Benchmark
    public Object applyThousandRulesEnforcer() throws Exception {
        return RestrictedThread.run(thousand, () -> null);
    }

    /** The c program doing the same, then exec'ing /bin/true: process start and exec included. */
    @Benchmark
    public int applyThousandRulesCProgram() throws Exception {
        return new ProcessBuilder(thousandProgram.toString(), "/bin/true").start().waitFor();
    }

    /** Starting /bin/true without any policy, to read the two figures above against. */
    @Benchmark
    public int spawnTrueUnconfined() throws Exception {
        return new ProcessBuilder("/bin/true").start().waitFor();
    }

    @Benchmark
    public Object spawnTrueUnderFiftyRulesEnforcer() throws Exception {
        return ConfinedCommand.run(fifty, List.of("/bin/true"), ConfinedCommand.Limits.DEFAULT);
    }

    @Benchmark
    public int spawnTrueUnderFiftyRulesCProgram() throws Exception {
        return new ProcessBuilder(fiftyProgram.toString(), "/bin/true").start().waitFor();
    }

    /** 1,000 probes on one restricted thread. */
    @Benchmark
    public int thousandProbes() throws Exception {
        return RestrictedThread.run(fifty, () -> {
            int allowed = 0;
            for (AccessRequest probe : probes) {
                allowed += ProbeRunner.run(probe).result() == ProbeRunner.Result.ALLOWED ? 1 : 0;
            }
            return allowed;
        }).value();
    }
}
