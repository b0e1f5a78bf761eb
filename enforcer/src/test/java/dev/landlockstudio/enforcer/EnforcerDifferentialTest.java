package dev.landlockstudio.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.probe.ScratchTree;
import dev.landlockstudio.enforcer.probe.Peers;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enforcer's probes under the real kernel against the evaluator's predictions: generated policies over a
 * scratch tree × generated accesses, each probe on a fresh restricted thread. {@code -Denforcer.cases=N} sets how
 * many cases (default 2,000; 100,000 for a long run).
 */
class EnforcerDifferentialTest {

    /** Filesystem accesses the scratch tree can serve: it has no device (for ioctl_dev) and no server (resolve_unix). */
    private static final List<Operation> OPERATIONS = Arrays.stream(Operation.values())
            .filter(op -> op.kind() == RightKind.FS && op != Operation.IOCTL_DEV && op != Operation.RESOLVE_UNIX).toList();
    private static final int PER_POLICY = 25;

    @TempDir
    static Path work;

    @Test
    void kernelAndEvaluatorAgree() throws Exception {
        int abi = EnforcerTestSupport.abi();
        ScratchTree tree = new ScratchTree(work.resolve("tree"));
        tree.reset();
        ProbeRunner.run(AccessRequest.onPath(Operation.READ_DIR, tree.root().toString()));
        int cases = Integer.getInteger("enforcer.cases", 2000);
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (long seed = 1; seed * PER_POLICY <= cases; seed++) {
            Random random = new Random(seed);
            Policy policy = tree.randomPolicy(random, abi, List.of(), 0);
            Ruleset ruleset = Compiler.compile(PolicyReader.check(policy).resolved(), Target.NATIVE, abi).ruleset();
            Evaluator evaluator = new Evaluator(List.of(ruleset), tree.view().build());
            for (int i = 0; i < PER_POLICY; i++) {
                AccessRequest request = tree.randomAccess(random, OPERATIONS);
                tree.reset();
                ProbeRunner.Outcome actual = RestrictedThread.run(ruleset, () -> ProbeRunner.run(request)).value();
                Decision predicted = evaluator.decide(request);
                String got = actual.result() == ProbeRunner.Result.ALLOWED ? "allowed" : actual.errno();
                String expected = predicted.outcome();
                outcomes.merge(got, 1, Integer::sum);
                if (!got.equals(expected)) {
                    mismatches.add("seed " + seed + ": " + request + " -> kernel " + got + ", evaluator " + expected
                            + " (" + predicted.reason() + ")\n" + Json.write(policy));
                }
            }
        }
        assertThat(mismatches).as("%s", outcomes).isEmpty();
        assertThat(outcomes).containsOnlyKeys("allowed", "EACCES", "EXDEV");
    }

    /** TCP bind and connect, signals and abstract sockets: generated policies × each kind of access. */
    @Test
    void networkAndScopesAgree() throws Exception {
        int abi = EnforcerTestSupport.abi();
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        try (Peers peers = Peers.open()) {
            int free = freePort();
            for (long seed = 1; seed <= 40; seed++) {
                Random random = new Random(seed);
                List<String> net = random.nextBoolean() ? List.of("bind_tcp", "connect_tcp")
                        : List.of(random.nextBoolean() ? "bind_tcp" : "connect_tcp");
                List<String> scoped = List.of("abstract_unix_socket", "signal").stream().filter(x -> random.nextBoolean()).toList();
                StringBuilder rules = new StringBuilder();
                for (int port : List.of(peers.listeningPort(), free)) {
                    List<String> rights = net.stream().filter(x -> random.nextBoolean()).toList();
                    if (!rights.isEmpty()) {
                        rules.append(rules.isEmpty() ? "" : ",").append("{\"ports\": [").append(port)
                                .append("], \"allowedAccess\": ").append(Json.MAPPER.writeValueAsString(rights)).append("}");
                    }
                }
                String policy = "{\"name\": \"net\", \"abi\": " + abi + ", \"handledAccessFs\": [], \"handledAccessNet\": "
                        + Json.MAPPER.writeValueAsString(net) + ", \"scoped\": " + Json.MAPPER.writeValueAsString(scoped)
                        + ", \"netPort\": [" + rules + "]}";
                Ruleset ruleset = Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, abi).ruleset();
                Evaluator evaluator = new Evaluator(List.of(ruleset), dev.landlockstudio.compiler.fs.FsView.empty());
                for (AccessRequest request : List.of(AccessRequest.onPort(Operation.BIND_TCP, free),
                        AccessRequest.onPort(Operation.CONNECT_TCP, peers.listeningPort()),
                        AccessRequest.outside(Operation.SIGNAL), AccessRequest.outside(Operation.ABSTRACT_UNIX_SOCKET))) {
                    ProbeRunner.Outcome actual = RestrictedThread.run(ruleset, () -> ProbeRunner.run(request, peers)).value();
                    Decision predicted = new Evaluator(List.of(ruleset), dev.landlockstudio.compiler.fs.FsView.empty())
                            .decide(request);
                    String got = actual.result() == ProbeRunner.Result.ALLOWED ? "allowed" : actual.errno();
                    String expected = predicted.outcome();
                    outcomes.merge(got, 1, Integer::sum);
                    if (!got.equals(expected)) {
                        mismatches.add("seed " + seed + ": " + request + " -> kernel " + got + ", evaluator " + expected + "\n" + policy);
                    }
                }
            }
        }
        assertThat(mismatches).as("%s", outcomes).isEmpty();
        assertThat(outcomes).containsOnlyKeys("allowed", "EACCES", "EPERM");
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
