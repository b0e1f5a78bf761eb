package dev.landlockstudio.enforcer.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.probe.ScratchTree;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against every stock kernel Debian carries (ABI 2, 6, 7, 8, 9, 10, 11), booted under qemu: per
 * kernel, {@value #POLICIES} generated policies at its ABI (filesystem rights over a scratch tree, TCP and from ABI 10
 * UDP ports, scopes, restrict flags with no_new_privs at 11) × {@value #PER_POLICY} generated accesses (filesystem,
 * resolve_unix from ABI 9, network, scopes, and renames that leave a whiteout, which need make_reg where the source
 * is on kernels with erratum 4 fixed), each in a fresh copy of the tree (see {@link DifferentialImages}).
 */
class KernelDifferentialLiveTest {

    static final int POLICIES = 22;
    static final int PER_POLICY = 25;
    /** Ports the rules name; the VM has every port free. */
    private static final List<Integer> PORTS = List.of(1000, 2000, 3000);
    private static final List<Operation> FS_OPERATIONS = List.of(Operation.values()).stream()
            .filter(op -> op.kind() == RightKind.FS && op != Operation.IOCTL_DEV && op != Operation.RESOLVE_UNIX).toList();
    /** Erratum 4 (security/landlock/errata/abi-1.h): whiteouts are created under make_reg. */
    private static final long WHITEOUT_ERRATUM = 1L << 3;
    private static final Pattern LINE = Pattern.compile("landlock-studio-probe (\\d+) unrestricted=(\\S+) confined=(.*)");

    static final ScratchTree TREE = new ScratchTree(java.nio.file.Path.of("/scratch"));

    /**
     * One generated access under one generated ruleset; {@code whiteout} for a rename that leaves a whiteout, which
     * the evaluator does not know: its prediction is the rename's, and on kernels with erratum 4 fixed, first
     * make_reg in the source's directory (before the fix, nothing checked the whiteout).
     */
    record Case(Ruleset ruleset, String policy, AccessRequest access, boolean whiteout, FsView view) {

        String operation() {
            return whiteout ? "rename_whiteout" : access.operation().documentName();
        }

        String expected(long errata) {
            Evaluator evaluator = new Evaluator(List.of(ruleset), view);
            String decided = evaluator.decide(access).outcome();
            if (!whiteout || (errata & WHITEOUT_ERRATUM) == 0) {
                return decided;
            }
            // The whiteout is checked first: its denial is EACCES even where the rename alone would be EXDEV.
            String whiteoutMade = evaluator.decide(AccessRequest.onPath(Operation.MAKE_REG, access.path())).outcome();
            return whiteoutMade.equals("allowed") ? decided : whiteoutMade;
        }
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        CachedStockKernels.assertNothingLeft();
    }

    @Test
    void everyKernelAgreesWithTheEvaluator() {
        List<StockKernel> stock = StockKernel.all();
        CachedStockKernels.require(stock);
        KernelCache cache = new KernelCache(CachedStockKernels.CACHE);
        List<CachedKernel> kernels = stock.stream().map(k -> cache.cached(k).orElseThrow()).toList();
        Map<Integer, List<Case>> cases = new LinkedHashMap<>();
        kernels.forEach(kernel -> cases.put(kernel.abi(), cases(kernel.abi())));

        List<BootReport> reports = KernelCheck.boot(kernels, Duration.ofMinutes(5), new DifferentialImages(cases), r -> { });

        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (BootReport report : reports) {
            int abi = report.kernel().abi();
            assertThat(report.problem()).as("ABI %d", abi).isNull();
            assertThat(report.abi()).as("the ABI %s reports", report.release()).isEqualTo(abi);
            Map<Integer, Matcher> lines = new TreeMap<>();
            for (String line : report.console()) {
                Matcher m = LINE.matcher(line.strip());
                if (m.find()) {
                    lines.put(Integer.valueOf(m.group(1)), m);
                }
            }
            List<Case> tried = cases.get(abi);
            assertThat(lines).as("a line per case from ABI %d", abi).hasSize(tried.size());
            for (int i = 0; i < tried.size(); i++) {
                Case c = tried.get(i);
                Matcher line = lines.get(i);
                String actual = line.group(2).equals("0") ? answer(line.group(3)) : "failed unrestricted: " + answer(line.group(2));
                String expected = c.expected(report.errata());
                outcomes.merge(c.operation() + " " + actual, 1, Integer::sum);
                if (!actual.equals(expected)) {
                    mismatches.add(report.release() + " (ABI " + abi + "), case " + i + ": " + c.operation() + " "
                            + c.access() + " -> kernel " + actual + ", evaluator " + expected + "\n" + c.policy());
                }
            }
        }
        assertThat(mismatches).as("%s", outcomes).isEmpty();
        // The cases reached both answers of what each newer ABI brought.
        assertThat(outcomes).containsKeys("bind_udp allowed", "bind_udp EACCES", "resolve_unix allowed",
                "resolve_unix EACCES", "signal EPERM", "abstract_unix_socket EPERM", "rename_whiteout allowed",
                "rename_whiteout EACCES", "rename EXDEV", "connect_tcp EACCES");
    }

    /** "allowed", the errno's name, or what the VM printed when the sandbox ended before the probe. */
    private static String answer(String field) {
        return !field.matches("\\d+") ? field : field.equals("0") ? "allowed"
                : ProbeRunner.Outcome.of(Integer.parseInt(field)).describe();
    }

    /** The generated cases for a kernel of ABI {@code abi}, the same on every run. */
    static List<Case> cases(int abi) {
        List<Case> cases = new ArrayList<>();
        for (long seed = 1; seed <= POLICIES; seed++) {
            Random random = new Random(abi * 1000L + seed);
            String policy = randomPolicy(random, abi);
            Ruleset ruleset = Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, abi).ruleset();
            for (int i = 0; i < PER_POLICY; i++) {
                cases.add(randomCase(random, abi, ruleset, policy));
            }
        }
        return cases;
    }

    private static String randomPolicy(Random random, int abi) {
        @SuppressWarnings("unchecked")
        Map<String, Object> policy = Json.MAPPER.readValue(Json.write(TREE.randomPolicy(random, abi, List.of(), 0)), Map.class);
        long net = AbiTable.mask(RightKind.NET, abi) & random.nextLong();
        List<Map<String, Object>> ports = new ArrayList<>();
        for (int port : PORTS) {
            long allowed = net & random.nextLong();
            if (allowed != 0) {
                ports.add(Map.of("ports", List.of(port), "allowedAccess", AbiTable.names(RightKind.NET, allowed)));
            }
        }
        policy.put("handledAccessNet", AbiTable.names(RightKind.NET, net));
        policy.put("netPort", ports);
        policy.put("scoped", AbiTable.names(RightKind.SCOPE, AbiTable.mask(RightKind.SCOPE, abi) & random.nextLong()));
        policy.put("restrictSelf", AbiTable.names(RightKind.RESTRICT_FLAG,
                AbiTable.mask(RightKind.RESTRICT_FLAG, abi) & random.nextLong()));
        return Json.write(policy);
    }

    private static Case randomCase(Random random, int abi, Ruleset ruleset, String policy) {
        FsView.Builder view = TREE.view();
        String dir = TREE.path(ScratchTree.DIRS.get(random.nextInt(ScratchTree.DIRS.size())));
        int kind = random.nextInt(10);
        AccessRequest access;
        boolean whiteout = false;
        if (kind == 0 && abi >= 9) {
            access = AccessRequest.onPath(Operation.RESOLVE_UNIX, dir + "/socket");
            view.add(access.path(), FsView.Type.SOCKET);
        } else if (kind == 1) {
            List<Operation> net = List.of(Operation.BIND_TCP, Operation.CONNECT_TCP, Operation.BIND_UDP,
                    Operation.CONNECT_SEND_UDP);
            access = AccessRequest.onPort(net.get(random.nextInt(net.size())), PORTS.get(random.nextInt(PORTS.size())));
        } else if (kind == 2) {
            access = AccessRequest.outside(random.nextBoolean() ? Operation.SIGNAL : Operation.ABSTRACT_UNIX_SOCKET);
        } else if (kind == 3) {
            access = TREE.randomAccess(random, List.of(Operation.RENAME));
            whiteout = true;
        } else {
            access = TREE.randomAccess(random, FS_OPERATIONS);
        }
        return new Case(ruleset, policy, access, whiteout, view.build());
    }
}
