package dev.landlockstudio.benchmarks;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lint.Lints;
import dev.landlockstudio.compiler.lowering.Lowering;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.report.ReportItem;
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
import tools.jackson.databind.JsonNode;

/**
 * Where {@link CompileBenchmark}'s compile spends its time: each phase of it timed apart on the same document, beside
 * Jackson's parse to a tree and its write of that tree. {@code read} is binding, the schema's fast path and
 * resolution together; {@code bind} alone is the first of them. Only {@code lower} and {@code emit} depend on the
 * target: run the rest for one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompilePhasesBenchmark {

    private static final int ABI = 7;

    @Param({"1000", "10000"})
    public int rules;

    @Param({"native", "oci"})
    public String target;

    private String policy;
    private JsonNode tree;
    private ResolvedPolicy resolved;
    private Target compileTarget;
    private Lowering.Result lowered;
    private Emitter.Context context;

    @Setup
    public void prepare() {
        policy = Json.write(CompileBenchmark.policyWithRules(rules));
        tree = Json.MAPPER.readTree(policy);
        resolved = PolicyReader.read(policy).resolved();
        compileTarget = Target.byId(target).orElseThrow();
        lowered = Lowering.lower(resolved, ABI, compileTarget.vocabulary(), FsView.empty());
        context = new Emitter.Context(resolved.name(), resolved.compatibility(), null, null, null);
    }

    @Benchmark
    public JsonNode jacksonParse() {
        return Json.MAPPER.readTree(policy);
    }

    @Benchmark
    public String jacksonWrite() {
        return Json.MAPPER.writeValueAsString(tree);
    }

    @Benchmark
    public Policy bind() {
        return Json.STRICT_MAPPER.readValue(policy, Policy.class);
    }

    @Benchmark
    public PolicyReader.ReadPolicy read() {
        return PolicyReader.read(policy);
    }

    @Benchmark
    public Lowering.Result lower() {
        return Lowering.lower(resolved, ABI, compileTarget.vocabulary(), FsView.empty());
    }

    @Benchmark
    public List<ReportItem> lint() {
        return Lints.of(resolved, FsView.empty());
    }

    @Benchmark
    public String emit() {
        return Compiler.emitter(compileTarget).emit(lowered.ruleset(), context);
    }
}
