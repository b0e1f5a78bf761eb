package dev.landlockstudio.benchmarks;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.matrix.Matrix;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code POST /api/matrix} does with an N-rule policy (the policies of {@link CompileBenchmark}): read and
 * resolve it, then every ABI × target cell with its report and evaluated probes; and, apart, writing that answer as
 * JSON, which the server does after.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatrixBenchmark {

    @Param({"100", "1000", "10000"})
    public int rules;

    /** Compact, as the server writes its answers. */
    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private String policy;
    private List<Matrix.Cell> cells;

    @Setup
    public void generate() {
        policy = Json.write(CompileBenchmark.policyWithRules(rules));
        cells = Matrix.of(PolicyReader.read(policy).resolved());
    }

    @Benchmark
    public List<Matrix.Cell> matrix() {
        return Matrix.of(PolicyReader.read(policy).resolved());
    }

    @Benchmark
    public byte[] writeAnswer() {
        return COMPACT.writeValueAsBytes(cells);
    }
}
