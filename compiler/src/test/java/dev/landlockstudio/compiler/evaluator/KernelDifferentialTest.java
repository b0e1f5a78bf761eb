package dev.landlockstudio.compiler.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.target.Target;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator against the kernel: generated policies over a scratch tree, applied by the c target's program,
 * generated accesses run as commands under it; each outcome (allowed, EACCES, EXDEV) must be what the evaluator
 * predicted. {@code -Dkernel.policies=N} sets how many policies (default 30, about 25 accesses each).
 */
class KernelDifferentialTest {

    @TempDir
    static Path work;

    /** The scratch tree: directories with files, empty directories, and an executable. */
    private static final List<String> DIRS = List.of("a", "a/sub", "a/empty", "b", "b/sub", "c", "c/empty");
    private static final List<String> FILES = List.of("a/f", "a/sub/f", "b/f", "b/sub/f", "c/f", "exe");
    private static final List<String> RULE_PLACES = List.of("", "a", "a/sub", "b", "b/sub", "c", "a/f", "b/f", "exe");
    private static final long ABI7_FS = AbiTable.mask(RightKind.FS, 7);
    private static final long READ_EXECUTE = bit("execute") | bit("read_file") | bit("read_dir");

    private record Probe(AccessRequest request, String command) {
    }

    @Test
    void evaluatorAgreesWithTheKernel() throws Exception {
        Path tree = work.resolve("tree");
        int policies = Integer.getInteger("kernel.policies", 30);
        List<String> mismatches = new ArrayList<>();
        java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
        int cases = 0;
        for (long seed = 1; seed <= policies; seed++) {
            Random random = new Random(seed);
            Policy policy = policy(random, tree);
            ResolvedPolicy resolved = PolicyReader.check(policy).resolved();
            Ruleset ruleset = Compiler.compile(resolved, Target.NATIVE, 7).ruleset();
            Path program = build(resolved, seed);
            resetTree(tree);
            Evaluator evaluator = new Evaluator(List.of(ruleset), view(tree));
            for (Probe probe : probes(random, tree)) {
                resetTree(tree);
                String actual = run(program, probe.command());
                outcomes.merge(actual, 1, Integer::sum);
                Decision predicted = evaluator.decide(probe.request());
                String expected = predicted.allowed() ? "allowed" : predicted.errno();
                boolean agrees = probe.request().operation().target() == Operation.Target.TWO_PATHS
                        ? expected.equals(actual) : predicted.allowed() == actual.equals("allowed");
                if (!agrees) {
                    mismatches.add("seed " + seed + ": " + probe.command() + " -> kernel " + actual + ", evaluator " + expected
                            + " (" + predicted.reason() + ")\n" + Json.write(policy));
                }
                cases++;
            }
        }
        assertThat(mismatches).as("%d cases", cases).isEmpty();
        assertThat(outcomes).as("the kernel's answers cover every outcome").containsOnlyKeys("allowed", "EACCES", "EXDEV");
        assertThat(cases).isGreaterThanOrEqualTo(policies * 20);
    }

    private static Policy policy(Random random, Path tree) {
        long handled = (ABI7_FS & random.nextLong()) | bit("read_file") | bit("execute");
        List<PathBeneathRule> rules = new ArrayList<>();
        // The sandbox must be able to run /bin/sh and perl: read and execute the system, write /dev/null.
        rules.add(new PathBeneathRule(List.of("/usr", "/bin", "/lib", "/lib64", "/etc"),
                AbiTable.names(RightKind.FS, READ_EXECUTE & handled), dev.landlockstudio.compiler.policy.IfMissing.SKIP, null));
        rules.add(new PathBeneathRule(List.of("/dev/null"), AbiTable.names(RightKind.FS, (bit("write_file") | bit("read_file")) & handled)));
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            String place = RULE_PLACES.get(random.nextInt(RULE_PLACES.size()));
            long allowed = handled & random.nextLong();
            if (allowed == 0) {
                allowed = Long.lowestOneBit(handled);
            }
            rules.add(new PathBeneathRule(List.of(place.isEmpty() ? tree.toString() : tree.resolve(place).toString()),
                    AbiTable.names(RightKind.FS, allowed)));
        }
        return new Policy(null, "differential", null, 7, Compatibility.HARD_REQUIREMENT,
                AbiTable.names(RightKind.FS, handled), List.of(), List.of(), null, null, null, rules, null, null);
    }

    private static List<Probe> probes(Random random, Path tree) {
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String file = tree.resolve(FILES.get(random.nextInt(FILES.size() - 1))).toString();
            String dir = tree.resolve(DIRS.get(random.nextInt(DIRS.size()))).toString();
            String empty = tree.resolve(random.nextBoolean() ? "a/empty" : "c/empty").toString();
            String fresh = dir + "/new";
            String otherDir = tree.resolve(DIRS.get(random.nextInt(DIRS.size()))).toString();
            probes.add(switch (random.nextInt(14)) {
                case 0 -> probe(Operation.READ_FILE, file, "cat " + file + " > /dev/null");
                case 1 -> probe(Operation.WRITE_FILE, file, "printf x >> " + file);
                case 2 -> probe(Operation.READ_DIR, dir, "ls " + dir + " > /dev/null");
                case 3 -> probe(Operation.TRUNCATE, file, perl("truncate($ARGV[0], 0)", file));
                case 4 -> probe(Operation.OPEN_TRUNC, file, ": > " + file);
                case 5 -> probe(Operation.EXECUTE, tree.resolve("exe").toString(), tree.resolve("exe").toString());
                case 6 -> probe(Operation.CREAT, fresh, ": > " + fresh);
                case 7 -> probe(Operation.MAKE_DIR, fresh, "mkdir " + fresh);
                case 8 -> probe(Operation.MAKE_SYM, fresh, "ln -s target " + fresh);
                case 9 -> probe(Operation.MAKE_FIFO, fresh, "mkfifo " + fresh);
                case 10 -> probe(Operation.REMOVE_FILE, file, "rm -f " + file);
                case 11 -> probe(Operation.REMOVE_DIR, empty, "rmdir " + empty);
                case 12 -> new Probe(AccessRequest.move(Operation.RENAME, file, otherDir + "/moved"),
                        perl("rename($ARGV[0], $ARGV[1])", file, otherDir + "/moved"));
                default -> new Probe(AccessRequest.move(Operation.LINK, file, otherDir + "/linked"),
                        perl("link($ARGV[0], $ARGV[1])", file, otherDir + "/linked"));
            });
        }
        return probes;
    }

    private static Probe probe(Operation op, String path, String command) {
        return new Probe(AccessRequest.onPath(op, path), command);
    }

    /** A perl one-liner calling the syscall itself (mv and ln would fall back or add checks); the errno is the exit status. */
    private static String perl(String call, String... args) {
        return "perl -e '" + call + " ? exit 0 : exit($!{EXDEV} ? 18 : $!{EACCES} ? 13 : 1)' " + String.join(" ", args);
    }

    private static FsView view(Path tree) {
        FsView.Builder view = new FsView.Builder();
        DIRS.forEach(d -> view.add(tree.resolve(d).toString(), FsView.Type.DIRECTORY));
        FILES.forEach(f -> view.add(tree.resolve(f).toString(), FsView.Type.FILE));
        view.add(tree.toString(), FsView.Type.DIRECTORY);
        view.add("/dev/null", FsView.Type.CHAR_DEVICE);
        return view.build();
    }

    private static void resetTree(Path tree) throws Exception {
        exec(List.of("rm", "-rf", tree.toString()));
        for (String d : DIRS) {
            Files.createDirectories(tree.resolve(d));
        }
        for (String f : FILES) {
            Files.writeString(tree.resolve(f), "content");
        }
        Files.copy(Path.of("/bin/true"), tree.resolve("exe"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path build(ResolvedPolicy policy, long seed) throws Exception {
        TestEnvironment.requireCapability(Stream.of("/usr/bin/gcc", "/usr/local/bin/gcc").anyMatch(p -> Files.isExecutable(Path.of(p))),
                "gcc is not installed (bin/test installs it)");
        Path c = work.resolve("policy-" + seed + ".c");
        Path binary = work.resolve("policy-" + seed);
        Files.writeString(c, Compiler.compile(policy, Target.C, 7).output());
        String err = exec(List.of("gcc", "-O2", "-Wall", "-Werror", "-o", binary.toString(), c.toString()));
        assertThat(Files.isExecutable(binary)).as(err).isTrue();
        return binary;
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
        return switch (process.exitValue()) {
            case 0 -> "allowed";
            case 18 -> "EXDEV";
            default -> "EACCES";
        };
    }

    private static String exec(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static long bit(String name) {
        return AbiTable.right(RightKind.FS, name).orElseThrow().value();
    }
}
