package dev.landlockstudio.benchmarks;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole compile of an N-rule policy (parse, schema validation, resolution, lowering, emitting) beside a plain
 * Jackson parse and write of the same document, in one run, so the two figures compare on the same machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The compile runs more code than Jackson alone: on two busy cores the JIT needs longer to settle, and one fork's
// figure can differ from the next by a third, so two forks each.
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 6, time = 1)
@Fork(2)
public class CompileBenchmark {

    @Param({"100", "1000", "10000"})
    public int rules;

    @Param({"native", "oci"})
    public String target;

    private String policy;
    private Target compileTarget;

    @Setup
    public void generate() {
        policy = Json.write(policyWithRules(rules));
        compileTarget = Target.byId(target).orElseThrow();
    }

    /**
     * One path per directory, rights varied, and a port every tenth rule, as a large real policy has. The schema
     * allows at most 1,000 entries per list, so beyond 1,000 rules consecutive rules share an entry (10,000 rules:
     * 1,000 entries of nine paths and 1,000 of one port); up to 1,000 rules each entry holds one path or port.
     */
    static ObjectNode policyWithRules(int count) {
        String[] rights = {"abi.read_execute", "read_file", "abi.read_write", "write_file", "read_dir"};
        int perEntry = (count + 999) / 1000;
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("name", "benchmark");
        root.put("abi", 7);
        ArrayNode paths = root.putArray("pathBeneath");
        ArrayNode ports = root.putArray("netPort");
        ArrayNode entryPaths = null;
        ArrayNode entryPorts = null;
        for (int i = 0; i < count; i++) {
            int entry = i / perEntry;
            if (i % perEntry == 0) {
                entryPaths = null;
                entryPorts = null;
            }
            if (i % 10 == 9) {
                if (entryPorts == null) {
                    ObjectNode port = ports.addObject();
                    entryPorts = port.putArray("ports");
                    port.putArray("allowedAccess").add(i / 10 % 2 == 1 ? "bind_tcp" : "connect_tcp");
                }
                entryPorts.add(1024 + i);
            } else {
                if (entryPaths == null) {
                    ObjectNode rule = paths.addObject();
                    entryPaths = rule.putArray("paths");
                    ArrayNode allowed = rule.putArray("allowedAccess");
                    allowed.add(rights[entry % rights.length]);
                    if (entry % 3 == 0) {
                        allowed.add("truncate");
                    }
                }
                entryPaths.add("/srv/app/tenant-" + (i / 100) + "/dir-" + i);
            }
        }
        return root;
    }

    @Benchmark
    public String compile() {
        Compilation compilation = Compiler.compile(PolicyReader.read(policy).resolved(), compileTarget, 7);
        return compilation.output();
    }

    @Benchmark
    public String jacksonParseAndWrite() {
        JsonNode tree = Json.MAPPER.readTree(policy);
        return Json.MAPPER.writeValueAsString(tree);
    }
}
