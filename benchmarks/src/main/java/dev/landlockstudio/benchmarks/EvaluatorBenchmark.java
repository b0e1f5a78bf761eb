package dev.landlockstudio.benchmarks;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.PolicyReader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision under a 1,000-rule policy, on a path {@code depth} components deep, as explain and every dry-run
 * probe make it: the allowed case walks up to a rule near the root, the denied one walks the whole path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EvaluatorBenchmark {

    @Param({"5", "10", "20", "40"})
    public int depth;

    private Evaluator evaluator;
    private AccessRequest allowedRead;
    private AccessRequest deniedWrite;

    @Setup
    public void build() {
        String policy = Json.write(CompileBenchmark.policyWithRules(1000));
        Ruleset ruleset = Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, 7).ruleset();
        evaluator = new Evaluator(List.of(ruleset), FsView.empty());
        StringBuilder path = new StringBuilder("/srv/app/tenant-0/dir-0");
        for (int i = 4; i < depth; i++) {
            path.append("/level-").append(i);
        }
        allowedRead = AccessRequest.onPath(Operation.READ_FILE, path + "/file");
        deniedWrite = AccessRequest.onPath(Operation.WRITE_FILE, path.toString().replace("/srv/app", "/srv/other") + "/file");
    }

    @Benchmark
    public Decision allowedRead() {
        return evaluator.decide(allowedRead);
    }

    @Benchmark
    public Decision deniedWrite() {
        return evaluator.decide(deniedWrite);
    }
}
