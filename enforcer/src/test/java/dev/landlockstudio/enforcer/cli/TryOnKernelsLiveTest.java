package dev.landlockstudio.enforcer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.enforcer.kernels.CachedStockKernels;
import dev.landlockstudio.enforcer.kernels.StockKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** try --kernel: an example's generated probes on the stock kernels of ABI 2 and 11, each under the policy's c program. */
class TryOnKernelsLiveTest {

    private static final Path POLICY = Path.of("..", "examples", "static-web-server.json").toAbsolutePath().normalize();

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

        int probes = Probes.of(PolicyReader.read(Files.readString(POLICY)).resolved()).size();
        Map<Integer, String> kernels = new TreeMap<>();
        for (String kernel : run.out().split("\n\n")) {
            Matcher heading = Pattern.compile("^kernel \\S+ \\(listed as ABI (\\d+)\\), reports ABI (\\d+) \\(\\d+\\.\\d s\\)\n").matcher(kernel);
            assertThat(heading.find()).as(kernel).isTrue();
            assertThat(heading.group(2)).isEqualTo(heading.group(1));
            int abi = Integer.parseInt(heading.group(1));
            assertThat(kernel).contains(probes + " probes at ABI " + abi + ", 0 mismatched");
            kernels.put(abi, kernel);
        }
        assertThat(kernels.keySet()).containsExactlyElementsOf(tried.stream().map(StockKernel::abi).toList());
        assertThat(run.out()).doesNotContain("MISMATCH", "not tried");
        if (!kernels.keySet().containsAll(List.of(2, 11))) {
            return;
        }
        assertThat(kernels.get(2)).startsWith("kernel 6.1.").contains("ruleset partially enforced at ABI 2");
        assertThat(kernels.get(11)).startsWith("kernel 7.3.").contains("ruleset fully enforced at ABI 11");
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
        for (String kernel : kernels.values()) {
            assertThat(row(kernel, "write_file /usr/probe")).isEqualTo("EACCES EACCES ok");
            assertThat(row(kernel, "make_reg /var/log/nginx/probe")).isEqualTo("allowed allowed ok");
            assertThat(row(kernel, "rename /usr/probe to /etc/nginx/probe-moved")).isEqualTo("EACCES EACCES ok");
            assertThat(row(kernel, "bind_tcp port 443")).isEqualTo("allowed allowed ok");
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
