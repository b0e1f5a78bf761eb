package dev.landlockstudio.enforcer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.trial.JUnitReport;
import dev.landlockstudio.enforcer.trial.TrialRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class TryCommandTest {

    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @ParameterizedTest
    @ValueSource(strings = {"static-web-server", "python-service", "ci-build-tool", "container-rootfs-overlay", "network-client"})
    void everyExampleBehavesAsPredicted(String example) {
        EnforcerTestSupport.requireLandlock();
        CliRun run = CliRun.of("try", EXAMPLES.resolve(example + ".json").toString(), "--scratch");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("probe", "expected", "actual", "match").doesNotContain("MISMATCH");
        assertThat(run.err()).containsPattern("\\d+ probes at ABI \\d+, 0 mismatched");
    }

    /** What the ruleset enforces is printed before the probes; an ABI this host lacks is a usage error naming the range. */
    @Test
    void theRulesetsStatusIsPrintedAndAnAbiAboveTheHostsIsRefused() throws Exception {
        EnforcerTestSupport.requireLandlock();
        int host = EnforcerTestSupport.abi();
        CliRun full = CliRun.of("try", EXAMPLES.resolve("network-client.json").toString(), "--scratch", "--probe", "bind_tcp:8080");
        assertThat(full.err()).contains("ruleset fully enforced at ABI " + host);
        CliRun atOne = CliRun.of("try", EXAMPLES.resolve("static-web-server.json").toString(), "--scratch", "--abi", "1", "--probe", "read_file:/etc/passwd");
        assertThat(atOne.err()).containsPattern("ruleset (fully|partially) enforced at ABI 1");
        CliRun above = CliRun.of("try", EXAMPLES.resolve("network-client.json").toString(), "--scratch", "--abi", String.valueOf(host + 1));
        assertThat(above.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(above.err()).contains("ABI " + (host + 1) + " cannot be tried here", "to " + host);
        CliRun hard = CliRun.of("try", EXAMPLES.resolve("network-client.json").toString(), "--scratch", "--abi", "3");
        assertThat(hard.err()).contains("refused: the policy is a hard requirement that ABI 3 cannot meet: ", "needs ABI 4");
    }

    /** --layer: the bases applied first, each a ruleset of its own; the generated probes cover every layer's rules. */
    @Test
    void aPolicyWithBasesIsTriedAsItsStack() {
        EnforcerTestSupport.requireLandlock();
        Path layers = EXAMPLES.resolve("layers");
        CliRun run = CliRun.of("try", layers.resolve("web-offline.json").toString(), "--layer",
                layers.resolve("base.json").toString(), "--layer", layers.resolve("offline.json").toString(), "--scratch");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.err()).contains("ruleset stack of 3 (base, offline, web-offline): ")
                .containsPattern("\\d+ probes at ABI \\d+, 0 mismatched");
        assertThat(run.out()).contains("/opt", "/srv/www").doesNotContain("MISMATCH");
    }

    @Test
    void aDashReadsThePolicyFromStandardInput() throws Exception {
        EnforcerTestSupport.requireLandlock();
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(Files.newInputStream(EXAMPLES.resolve("network-client.json")));
            CliRun run = CliRun.of("try", "-", "--scratch", "--probe", "connect_tcp:443", "--probe", "connect_tcp:22");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains("2 probes at ABI");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void jsonAndJunitReports(@TempDir Path dir) throws Exception {
        EnforcerTestSupport.requireLandlock();
        Path junit = dir.resolve("try.xml");
        CliRun run = CliRun.of("try", EXAMPLES.resolve("network-client.json").toString(), "--scratch", "--json", "--junit", junit.toString());
        JsonNode rows = Json.parse(run.out());
        assertThat(rows.size()).isGreaterThan(10);
        assertThat(rows.get(0).has("probe") && rows.get(0).has("expected") && rows.get(0).has("actual")).isTrue();
        assertThat(rows).anyMatch(r -> r.get("actual").stringValue().equals("EACCES"))
                .anyMatch(r -> r.get("actual").stringValue().equals("allowed"));
        String xml = Files.readString(junit);
        assertThat(xml).contains("<testsuite name=\"landlock-studio try network-client\" tests=\"" + rows.size() + "\" failures=\"0\">");
    }

    @Test
    void errorsHaveTheirExitCodes(@TempDir Path dir) throws Exception {
        assertThat(CliRun.of("try", EXAMPLES.resolve("network-client.json").toString(), "--scratch", "--overlay", "/tmp").exit())
                .as("one mode at a time").isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("try", EXAMPLES.resolve("network-client.json").toString(), "--overlay", "/no/such/dir").err())
                .contains("--overlay: /no/such/dir does not exist on this host");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\": \"x\", \"abi\": 99}");
        EnforcerTestSupport.requireLandlock();
        assertThat(CliRun.of("try", bad.toString(), "--scratch").exit()).isEqualTo(ExitCode.INVALID);
        assertThat(CliRun.of("try", EXAMPLES.resolve("network-client.json").toString(), "--scratch", "--abi", "3").exit())
                .as("a hard requirement of ABI 4").isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void commandModeRunsTheCommandConfined(@TempDir Path dir) throws Exception {
        EnforcerTestSupport.requireLandlock();
        Path policy = dir.resolve("p.json");
        Files.writeString(policy, "{\"name\": \"c\", \"handledAccessNet\": [], \"pathBeneath\": [{\"paths\": [\"/usr\", \"/bin\","
                + " \"/lib\", \"/lib64\"], \"allowedAccess\": [\"abi.read_execute\"], \"ifMissing\": \"skip\"}]}");
        CliRun allowed = CliRun.of("try", policy.toString(), "--", "ls", "/usr");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("bin", "lib");
        CliRun denied = CliRun.of("try", policy.toString(), "--", "cat", "/etc/hostname");
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.err()).contains("Permission denied").contains("exit 1");
        CliRun json = CliRun.of("try", policy.toString(), "--json", "--", "ls", "/usr");
        assertThat(Json.parse(json.out()).get("exitCode").intValue()).isZero();
        assertThat(CliRun.of("try", policy.toString(), "--timeout", "1", "--", "sleep", "20").exit()).isEqualTo(124);
        Files.writeString(policy, "{\"name\": \"c\", \"handledAccessNet\": [], \"pathBeneath\": [{\"paths\": [\"/tmp\"],"
                + " \"allowedAccess\": [\"read_file\"]}]}");
        CliRun cannot = CliRun.of("try", policy.toString(), "--", "true");
        assertThat(cannot.exit()).isEqualTo(126);
        assertThat(cannot.err()).contains("cannot run true: EACCES");
    }

    @Test
    void commandModeGivesTheMinimalEnvironmentAndWhatEnvNames(@TempDir Path dir) throws Exception {
        EnforcerTestSupport.requireLandlock();
        Path policy = dir.resolve("p.json");
        Files.writeString(policy, "{\"name\": \"c\", \"handledAccessNet\": [], \"pathBeneath\": [{\"paths\": [\"/usr\", \"/bin\","
                + " \"/lib\", \"/lib64\"], \"allowedAccess\": [\"abi.read_execute\"], \"ifMissing\": \"skip\"}]}");
        String mine = System.getenv().keySet().stream().filter(name -> !List.of("PATH", "HOME", "LANG", "TERM").contains(name))
                .sorted().findFirst().orElseThrow();
        CliRun env = CliRun.of("try", policy.toString(), "--env", "GREETING=hello", "--env", mine, "--", "env");
        assertThat(env.exit()).as(env.err()).isZero();
        assertThat(env.out().lines().map(line -> line.substring(0, line.indexOf('='))))
                .containsExactlyInAnyOrder("PATH", "HOME", "LANG", "TERM", "GREETING", mine);
        assertThat(env.out()).contains("GREETING=hello\n", mine + "=" + System.getenv(mine) + "\n");
        CliRun bad = CliRun.of("try", policy.toString(), "--env", "NO-SUCH", "--", "env");
        assertThat(bad.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("--env NO-SUCH: \"NO-SUCH\" is not a variable name");
    }

    /** A container-style policy through an overlay of a small rootfs built here: the three OverlayFS facts, live. */
    @Test
    void overlayModeChecksTheThreeFactsAndLeavesTheRootfsAlone(@TempDir Path dir) throws Exception {
        EnforcerTestSupport.requireLandlock();
        Path rootfs = dir.resolve("rootfs");
        for (String d : List.of("bin", "lib", "usr/bin", "etc", "app/data", "tmp")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.writeString(rootfs.resolve("etc/app.conf"), "setting=1\n");
        Files.writeString(rootfs.resolve("app/data/state"), "state\n");
        List<String> before = listing(rootfs);
        CliRun run = CliRun.of("try", EXAMPLES.resolve("container-rootfs-overlay.json").toString(), "--overlay", rootfs.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode rows = Json.parse(run.out());
        assertThat(rows).anyMatch(r -> r.get("probe").stringValue().startsWith("rules on merged, via merged: write_file /app/data/probe")
                && r.get("actual").stringValue().equals("allowed"));
        assertThat(rows).anyMatch(r -> r.get("probe").stringValue().startsWith("rules on lower, via merged: read_file /etc/probe")
                && r.get("actual").stringValue().equals("EACCES"));
        assertThat(rows).anyMatch(r -> r.get("probe").stringValue().equals("rules on merged, in lower: read_dir /etc")
                && r.get("actual").stringValue().equals("EACCES"));
        assertThat(rows).allMatch(r -> r.get("match").booleanValue());
        assertThat(listing(rootfs)).as("the lower directory is only read").isEqualTo(before);
        assertThat(Files.readAllLines(Path.of("/proc/self/mounts"))).noneMatch(l -> l.contains("landlock-studio-overlay"));
    }

    private static List<String> listing(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            return paths.map(p -> {
                try {
                    return p + " " + Files.getLastModifiedTime(p) + " " + (Files.isRegularFile(p) ? Files.readString(p) : "");
                } catch (Exception e) {
                    return p.toString();
                }
            }).sorted().toList();
        }
    }

    /**
     * The host's own paths at the boundary of a rule: accesses that change nothing on what is there, creation, removal
     * and moves only on entries of the trial's own, which are gone afterwards.
     */
    @Test
    void hostModeProbesRealPathsWithoutChangingThem(@TempDir Path dir) throws Exception {
        EnforcerTestSupport.requireLandlock();
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Path beside = Files.createDirectories(dir.resolve("beside"));
        Files.writeString(allowed.resolve("f"), "keep me");
        Files.writeString(beside.resolve("g"), "keep me too");
        Path policy = dir.resolve("p.json");
        Files.writeString(policy, "{\"name\": \"h\", \"handledAccessNet\": [], \"pathBeneath\": [{\"paths\": "
                + Json.MAPPER.writeValueAsString(List.of(allowed.toString())) + ", \"allowedAccess\": [\"read_file\", \"read_dir\","
                + " \"make_reg\", \"make_dir\", \"remove_file\", \"refer\"]}]}");
        CliRun run = CliRun.of("try", policy.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode rows = Json.parse(run.out());
        assertThat(rows).anyMatch(r -> r.get("probe").stringValue().equals("read_dir " + allowed) && r.get("actual").stringValue().equals("allowed"));
        assertThat(rows).anyMatch(r -> r.get("probe").stringValue().equals("read_file " + allowed.resolve("f"))
                && r.get("actual").stringValue().equals("allowed"));
        assertThat(rows).anyMatch(r -> r.get("probe").stringValue().equals("write_file " + allowed.resolve("f"))
                && r.get("actual").stringValue().equals("EACCES"));
        assertThat(rows).anyMatch(r -> r.get("probe").stringValue().equals("read_dir " + beside)
                && r.get("actual").stringValue().equals("EACCES"));
        assertThat(rows).anyMatch(r -> r.get("probe").stringValue().matches("make_reg " + allowed + "/\\.landlock-studio-probe-.*")
                && r.get("actual").stringValue().equals("allowed"));
        assertThat(rows).anyMatch(r -> r.get("probe").stringValue().matches("remove_file " + allowed + "/\\.landlock-studio-probe-.*")
                && r.get("actual").stringValue().equals("allowed"));
        assertThat(rows).anyMatch(r -> r.get("probe").stringValue().matches("make_dir " + beside + "/\\.landlock-studio-probe-.*")
                && r.get("actual").stringValue().equals("EACCES"));
        assertThat(rows).anyMatch(r -> r.get("probe").stringValue().matches("rename " + allowed + "/\\S+ to " + beside + "/\\S+")
                && r.get("actual").stringValue().equals("EACCES"));
        assertThat(rows).allMatch(r -> r.get("match").booleanValue());
        try (var left = Files.list(allowed); var leftBeside = Files.list(beside)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("f");
            assertThat(leftBeside.map(p -> p.getFileName().toString())).containsExactly("g");
        }
        assertThat(Files.readString(allowed.resolve("f"))).isEqualTo("keep me");
        assertThat(Files.readString(beside.resolve("g"))).isEqualTo("keep me too");
    }

    @Test
    void explicitProbes(@TempDir Path dir) throws Exception {
        EnforcerTestSupport.requireLandlock();
        CliRun scratch = CliRun.of("try", EXAMPLES.resolve("static-web-server.json").toString(), "--scratch", "--json",
                "--probe", "rename:/var/log/nginx/a.log:/run/a.log", "--probe", "write_file:/srv/www/index.html");
        JsonNode rows = Json.parse(scratch.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("actual").stringValue()).isEqualTo("EXDEV");
        assertThat(rows.get(1).get("actual").stringValue()).isEqualTo("EACCES");
        CliRun host = CliRun.of("try", EXAMPLES.resolve("network-client.json").toString(), "--json",
                "--probe", "connect_tcp:443", "--probe", "bind_tcp:8080", "--probe", "read_dir:/usr");
        assertThat(host.exit()).as(host.err()).isZero();
        assertThat(Json.parse(host.out())).extracting(r -> r.get("actual").stringValue()).containsExactly("allowed", "EACCES", "allowed");
        CliRun changing = CliRun.of("try", EXAMPLES.resolve("network-client.json").toString(), "--probe", "make_dir:" + dir.resolve("x"));
        assertThat(changing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(changing.err()).contains("make_dir changes what it touches");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void aMissingPathOnTheHostIsExplained() {
        EnforcerTestSupport.requireLandlock();
        CliRun run = CliRun.of("try", EXAMPLES.resolve("static-web-server.json").toString());
        assertThat(run.exit()).isEqualTo(ExitCode.MISMATCH);
        assertThat(run.err()).contains("cannot apply the policy on this host", "does not exist here", "--scratch");
    }

    @Test
    void junitEscapesAndCountsFailures() {
        String xml = JUnitReport.of("a<b", List.of(new TrialRow("read_file /x\"&", "read_file:/x\"&", "allowed", "EACCES", false),
                new TrialRow("read_dir /y", "read_dir:/y", "allowed", "allowed", true)));
        assertThat(xml).contains("name=\"landlock-studio try a&lt;b\" tests=\"2\" failures=\"1\"")
                .contains("name=\"read_file /x&quot;&amp;\"").contains("<failure message=\"expected allowed, kernel answered EACCES\"/>");
    }
}
