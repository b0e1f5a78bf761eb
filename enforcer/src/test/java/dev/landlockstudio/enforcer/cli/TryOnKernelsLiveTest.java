package dev.landlockstudio.enforcer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.enforcer.kernels.CachedStockKernels;
import dev.landlockstudio.enforcer.kernels.StockKernel;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** try --kernel: an example's generated probes on the stock kernels of ABI 2 and 11, each under the policy's c program. */
class TryOnKernelsLiveTest {

    private static final Path POLICY = Path.of("..", "examples", "static-web-server.json").toAbsolutePath().normalize();
    /** The label of a probe tried through an overlay mount, as the host's overlay trial labels it. */
    private static final String MERGED = "rules on merged, via merged: ";
    /** The accesses the kernel trial tries through an overlay too: those that change a layer (README). */
    private static final Set<String> LAYER_CHANGING = Set.of("write_file", "truncate", "open_trunc", "creat", "remove_file",
            "remove_dir", "make_reg", "make_dir", "make_sym", "rename", "link");

    /** The kernels the first test tries: ABI 2 and 11 in every run, {@code -Dkernel.abis=all} (or a list) for more. */
    private static final String ABIS = System.getProperty("kernel.abis", "2,11");

    @BeforeAll
    static void kernels() {
        CachedStockKernels.require(StockKernel.ofAbis(List.of(2, 11)));
    }

    @Test
    void everyProbeAnswersAsPredictedOnEachKernel() throws Exception {
        List<StockKernel> tried = ABIS.equals("all") ? StockKernel.all()
                : StockKernel.ofAbis(Arrays.stream(ABIS.split(",")).map(Integer::valueOf).toList());
        CachedStockKernels.require(tried);
        CliRun run = CliRun.of("try", POLICY.toString(), "--kernel", ABIS, "--kernel-cache", CachedStockKernels.CACHE.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
        CachedStockKernels.assertNothingLeft();

        List<AccessRequest> generated = Probes.of(PolicyReader.read(Files.readString(POLICY)).resolved());
        long layerChanging = generated.stream().filter(p -> LAYER_CHANGING.contains(p.operation().documentName())).count();
        Map<Integer, String> kernels = new TreeMap<>();
        for (String kernel : run.out().split("\n\n")) {
            Matcher heading = Pattern.compile("^kernel \\S+ \\(listed as ABI (\\d+)\\), reports ABI (\\d+) \\(\\d+\\.\\d s\\)\n").matcher(kernel);
            assertThat(heading.find()).as(kernel).isTrue();
            assertThat(heading.group(2)).isEqualTo(heading.group(1));
            int abi = Integer.parseInt(heading.group(1));
            // Kernels whose overlay module no package holds (ABI 8 and 9) try the plain probes only, and say so.
            long probes = generated.size() + (kernel.contains("overlay probes not tried") ? 0 : layerChanging);
            assertThat(kernel).contains(probes + " probes at ABI " + abi + ", 0 mismatched");
            kernels.put(abi, kernel);
        }
        assertThat(kernels.keySet()).containsExactlyElementsOf(tried.stream().map(StockKernel::abi).toList());
        assertThat(run.out()).doesNotContain("MISMATCH");
        if (!kernels.keySet().containsAll(List.of(2, 11))) {
            return;
        }
        assertThat(kernels.get(2)).startsWith("kernel 6.1.").contains("ruleset partially enforced at ABI 2").doesNotContain("not tried");
        assertThat(kernels.get(11)).startsWith("kernel 7.3.").contains("ruleset fully enforced at ABI 11").doesNotContain("not tried");
        // Each kernel answered at its own ABI: truncate, device ioctls, TCP ports and scopes are handled from ABI 3, 5,
        // 4 and 6 only.
        assertThat(row(kernels.get(2), "truncate /usr/probe")).isEqualTo("allowed allowed ok");
        assertThat(row(kernels.get(11), "truncate /usr/probe")).isEqualTo("EACCES EACCES ok");
        assertThat(row(kernels.get(2), "ioctl_dev /usr/probe")).isEqualTo("allowed allowed ok");
        assertThat(row(kernels.get(11), "ioctl_dev /usr/probe")).isEqualTo("EACCES EACCES ok");
        assertThat(row(kernels.get(2), "bind_tcp port 1")).isEqualTo("allowed allowed ok");
        assertThat(row(kernels.get(11), "bind_tcp port 1")).isEqualTo("EACCES EACCES ok");
        assertThat(row(kernels.get(2), "signal outside the domain")).isEqualTo("allowed allowed ok");
        assertThat(row(kernels.get(11), "signal outside the domain")).isEqualTo("EPERM EPERM ok");
        assertThat(row(kernels.get(11), "abstract_unix_socket outside the domain")).isEqualTo("EPERM EPERM ok");
        for (String kernel : List.of(kernels.get(2), kernels.get(11))) {
            // Through an overlay whose lower layer holds the tree: the rules on merged cover it as any filesystem.
            // A write copies the lower file up, a removal leaves a whiteout, a rename does both.
            assertThat(row(kernel, MERGED + "write_file /var/log/nginx/probe")).isEqualTo("allowed allowed ok");
            assertThat(row(kernel, MERGED + "remove_file /var/log/nginx/probe")).isEqualTo("allowed allowed ok");
            assertThat(row(kernel, MERGED + "remove_dir /var/cache/nginx/probe")).isEqualTo("allowed allowed ok");
            assertThat(row(kernel, MERGED + "write_file /usr/probe")).isEqualTo("EACCES EACCES ok");
            assertThat(row(kernel, MERGED + "remove_file /usr/probe")).isEqualTo("EACCES EACCES ok");
            assertThat(row(kernel, MERGED + "rename /usr/probe to /etc/nginx/probe-moved")).isEqualTo("EACCES EACCES ok");
            Matcher overlaid = Pattern.compile("(?m)^" + Pattern.quote(MERGED) + "(\\S+) (.*\\S) +\\S+ +\\S+ +ok$").matcher(kernel);
            Set<String> operations = new TreeSet<>();
            while (overlaid.find()) {
                operations.add(overlaid.group(1));
                assertThat(row(kernel, MERGED + overlaid.group(1) + " " + overlaid.group(2)))
                        .isEqualTo(row(kernel, overlaid.group(1) + " " + overlaid.group(2)));
            }
            // The accesses that change a layer, as far as this policy handles them.
            assertThat(operations).containsExactly("make_dir", "make_reg", "make_sym", "remove_dir", "remove_file", "rename",
                    "truncate", "write_file");
            assertThat(row(kernel, "write_file /usr/probe")).isEqualTo("EACCES EACCES ok");
            assertThat(row(kernel, "make_reg /var/log/nginx/probe")).isEqualTo("allowed allowed ok");
            assertThat(row(kernel, "rename /usr/probe to /etc/nginx/probe-moved")).isEqualTo("EACCES EACCES ok");
            assertThat(row(kernel, "bind_tcp port 443")).isEqualTo("allowed allowed ok");
        }
    }

    @Test
    void aKernelWithoutItsOverlayModuleTriesThePlainProbesAndSaysWhy(@TempDir Path dir) throws Exception {
        // ABI 2 as a fetch before overlay modules wrote it; ABI 11 with ABI 2's module, which its kernel refuses.
        Path source = CachedStockKernels.CACHE;
        for (String abi : List.of("abi-2", "abi-11")) {
            Files.createDirectory(dir.resolve(abi));
            Files.copy(source.resolve(abi).resolve("vmlinux"), dir.resolve(abi).resolve("vmlinux"));
        }
        Properties abi2 = properties(source.resolve("abi-2/kernel.properties"));
        Properties abi11 = properties(source.resolve("abi-11/kernel.properties"));
        for (String key : List.of("overlay.package", "overlay.size", "overlay.sha256")) {
            abi11.setProperty(key, abi2.getProperty(key));
            abi2.remove(key);
        }
        store(abi2, dir.resolve("abi-2/kernel.properties"));
        store(abi11, dir.resolve("abi-11/kernel.properties"));
        Files.copy(source.resolve("abi-2/overlay.ko"), dir.resolve("abi-11/overlay.ko"));

        CliRun run = CliRun.of("try", POLICY.toString(), "--kernel", "2,11", "--kernel-cache", dir.toString(), "--json",
                "--probe", "write_file:/var/log/nginx/probe", "--probe", "remove_file:/usr/probe");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.MISMATCH);
        JsonNode kernels = Json.parse(run.out());
        JsonNode withoutModule = kernels.get(0);
        assertThat(withoutModule.get("overlayNotTried").asString()).isEqualTo("the kernel was cached without its overlay"
                + " module: landlock-studio kernels fetch 2 fetches it");
        assertThat(withoutModule.get("probes").asInt()).isEqualTo(2);
        assertThat(withoutModule.get("mismatches").asInt()).isZero();
        assertThat(row(withoutModule, "write_file /var/log/nginx/probe")).isEqualTo("allowed allowed true");
        assertThat(row(withoutModule, "remove_file /usr/probe")).isEqualTo("EACCES EACCES true");
        assertThat(run.err()).contains("  overlay probes not tried: the kernel was cached without its overlay module");

        JsonNode refusedModule = kernels.get(1);
        assertThat(refusedModule.get("overlayNotTried").isNull()).isTrue();
        assertThat(refusedModule.get("probes").asInt()).isEqualTo(4);
        assertThat(refusedModule.get("mismatches").asInt()).isEqualTo(2);
        assertThat(row(refusedModule, "write_file /var/log/nginx/probe")).isEqualTo("allowed allowed true");
        assertThat(row(refusedModule, "remove_file /usr/probe")).isEqualTo("EACCES EACCES true");
        for (String probe : List.of("write_file /var/log/nginx/probe", "remove_file /usr/probe")) {
            assertThat(row(refusedModule, MERGED + probe)).startsWith(
                    (probe.startsWith("write") ? "allowed" : "EACCES") + " not tried: insmod overlay.ko failed: ").endsWith(" false");
        }
        CachedStockKernels.assertNothingLeft();
    }

    private static Properties properties(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    private static void store(Properties p, Path file) throws Exception {
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, null);
        }
    }

    @Test
    void givenProbesReachPeersInTheVm(@TempDir Path dir) throws Exception {
        Path policy = POLICY.resolveSibling("python-service.json");
        Path junit = dir.resolve("kernels.xml");
        CliRun run = CliRun.of("try", policy.toString(), "--kernel", "11", "--kernel-cache", CachedStockKernels.CACHE.toString(),
                "--probe", "connect_send_udp:53", "--probe", "connect_send_udp:443", "--probe", "bind_udp:53",
                "--probe", "resolve_unix:/run/postgresql/probe", "--probe", "resolve_unix:/opt/app/probe",
                "--json", "--junit", junit.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).contains("5 probes at ABI 11, 0 mismatched");
        JsonNode kernel = Json.parse(run.out()).get(0);
        assertThat(kernel.get("abi").asInt()).isEqualTo(11);
        assertThat(kernel.get("reported").asInt()).isEqualTo(11);
        assertThat(kernel.get("release").asString()).startsWith("7.3.");
        assertThat(kernel.get("probes").asInt()).isEqualTo(5);
        assertThat(kernel.get("mismatches").asInt()).isZero();
        // UDP is handled from ABI 10, pathname UNIX sockets from ABI 9: their servers listen outside the sandbox.
        assertThat(row(kernel, "connect_send_udp port 53")).isEqualTo("allowed allowed true");
        assertThat(row(kernel, "connect_send_udp port 443")).isEqualTo("EACCES EACCES true");
        assertThat(row(kernel, "bind_udp port 53")).isEqualTo("EACCES EACCES true");
        assertThat(row(kernel, "resolve_unix /run/postgresql/probe")).isEqualTo("allowed allowed true");
        assertThat(row(kernel, "resolve_unix /opt/app/probe")).isEqualTo("EACCES EACCES true");
        assertThat(Files.readString(junit)).startsWith("<?xml").contains("<testsuites>")
                .containsPattern("<testsuite name=\"landlock-studio try python-service on 7\\.3\\.\\S+ \\(ABI 11\\)\" tests=\"5\" failures=\"0\">")
                .contains("name=\"connect_send_udp port 53\"/>");
        CachedStockKernels.assertNothingLeft();
    }

    /**
     * The probe runs without CAP_SYS_ADMIN, so landlock_restrict_self needs no_new_privs: at ABI 11 the policy's
     * no_new_privs flag has the kernel set it (the program no longer calls prctl), at ABI 10 the flag is dropped and
     * the program calls prctl; either way every probe runs restricted.
     */
    @Test
    void theNoNewPrivsFlagRestrictsWithoutPrctlAtAbi11(@TempDir Path dir) throws Exception {
        CachedStockKernels.require(StockKernel.ofAbis(List.of(10, 11)));
        Path policy = dir.resolve("nnp.json");
        Files.writeString(policy, """
                {"name": "nnp", "abi": 11, "handledAccessNet": [], "scoped": [], "restrictSelf": ["no_new_privs"],
                 "pathBeneath": [{"paths": ["/srv"], "allowedAccess": ["read_file", "read_dir"]}]}""");
        CliRun run = CliRun.of("try", policy.toString(), "--kernel", "10,11", "--kernel-cache", CachedStockKernels.CACHE.toString(),
                "--probe", "read_file:/srv/probe", "--probe", "read_file:/etc/probe");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("2 probes at ABI 10, 0 mismatched", "2 probes at ABI 11, 0 mismatched",
                "no_new_privs needs ABI 11 (Linux 7.3), not ABI 10: not passed to landlock_restrict_self",
                "ruleset fully enforced at ABI 11").doesNotContain("not tried", "program ended before the probe");
        for (String kernel : run.out().split("\n\n")) {
            assertThat(row(kernel, "read_file /srv/probe")).isEqualTo("allowed allowed ok");
            assertThat(row(kernel, "read_file /etc/probe")).isEqualTo("EACCES EACCES ok");
        }
    }

    /** except expands against the trees the VM's probes get, as a scratch trial's: the excepted path denied there. */
    @Test
    void anExceptPathIsDeniedOnTheKernelAsPredicted(@TempDir Path dir) throws Exception {
        CachedStockKernels.require(StockKernel.ofAbis(List.of(11)));
        Path policy = dir.resolve("except.json");
        Files.writeString(policy, """
                {"name": "except", "abi": 11, "handledAccessNet": [], "scoped": [],
                 "pathBeneath": [{"paths": ["/srv"], "allowedAccess": ["read_file", "read_dir"], "except": ["/srv/app/secret"]},
                                 {"paths": ["/srv/app/www"], "allowedAccess": ["read_dir"]}]}""");
        CliRun run = CliRun.of("try", policy.toString(), "--kernel", "11", "--kernel-cache", CachedStockKernels.CACHE.toString(),
                "--probe", "read_file:/srv/app/secret/probe", "--probe", "read_file:/srv/app/www/probe",
                "--probe", "read_file:/srv/app/probe");
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("3 probes at ABI 11, 0 mismatched");
        assertThat(row(run.out(), "read_file /srv/app/secret/probe")).isEqualTo("EACCES EACCES ok");
        assertThat(row(run.out(), "read_file /srv/app/www/probe")).isEqualTo("allowed allowed ok");
        assertThat(row(run.out(), "read_file /srv/app/probe")).isEqualTo("EACCES EACCES ok");
    }

    /** --layer: the bases and the policy, each its own ruleset, applied in order by the c program in each VM. */
    @Test
    void aPolicyWithBasesIsTriedAsItsStackOnEachKernel() {
        Path layers = POLICY.resolveSibling("layers");
        CliRun run = CliRun.of("try", layers.resolve("web-offline.json").toString(), "--layer",
                layers.resolve("base.json").toString(), "--layer", layers.resolve("offline.json").toString(),
                "--kernel", "2,11", "--kernel-cache", CachedStockKernels.CACHE.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("stack of 3 (base, offline, web-offline)")
                .containsPattern("\\d+ probes at ABI 2, 0 mismatched").containsPattern("\\d+ probes at ABI 11, 0 mismatched")
                .containsPattern("connect_tcp port 8080 +allowed +allowed +ok").containsPattern("connect_tcp port 8080 +EACCES +EACCES +ok");
    }

    @Test
    void aHardRequirementTheKernelCannotMeetIsRefusedWithoutBooting(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("hard.json");
        Files.writeString(policy, """
                {"name": "hard", "abi": 3, "compatibility": "hard_requirement",
                 "pathBeneath": [{"paths": ["/srv"], "allowedAccess": ["read_file", "truncate"]}]}""");
        CliRun run = CliRun.of("try", policy.toString(), "--kernel", "2", "--kernel-cache", CachedStockKernels.CACHE.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.out()).containsPattern("^kernel 6\\.1\\.\\S+ \\(listed as ABI 2\\)\n  not tried: refused: the policy is a"
                + " hard requirement that ABI 2 cannot meet: .*truncate");

        Path junit = dir.resolve("kernels.xml");
        CliRun withJunit = CliRun.of("try", policy.toString(), "--kernel", "2", "--kernel-cache",
                CachedStockKernels.CACHE.toString(), "--junit", junit.toString());
        assertThat(withJunit.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(Files.readString(junit)).contains("tests=\"1\" failures=\"0\"", "<testcase classname=\"hard on 6.1.")
                .contains("<skipped message=\"refused: the policy is a hard requirement that ABI 2 cannot meet");
    }

    @Test
    void anUnknownOrUncachedKernelIsNamed(@TempDir Path dir) {
        CliRun unknown = CliRun.of("try", POLICY.toString(), "--kernel", "4");
        assertThat(unknown.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("--kernel: Debian has no stock kernel of Landlock ABI 4");
        CliRun uncached = CliRun.of("try", POLICY.toString(), "--kernel", "11", "--kernel-cache", dir.toString());
        assertThat(uncached.exit()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(uncached.err()).contains("the kernel of ABI 11 is not cached in " + dir + ": landlock-studio kernels fetch 11");
    }

    /** "EXPECTED ACTUAL MATCH" of the probe's row in one kernel's --json. */
    private static String row(JsonNode kernel, String probe) {
        for (JsonNode row : kernel.get("rows")) {
            if (row.get("probe").asString().equals(probe)) {
                return row.get("expected").asString() + " " + row.get("actual").asString() + " " + row.get("match").asBoolean();
            }
        }
        throw new AssertionError(probe + " is not in " + kernel);
    }

    /** "EXPECTED ACTUAL MATCH" of the probe's row in one kernel's table. */
    private static String row(String table, String probe) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(probe) + " +(\\S+) +(\\S+) +(\\S+)$").matcher(table);
        assertThat(m.find()).as(probe + " in\n" + table).isTrue();
        return m.group(1) + " " + m.group(2) + " " + m.group(3);
    }
}
