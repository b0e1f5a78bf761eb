package dev.landlockstudio.compiler.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.testing.Policies;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.testing.CliRun;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** explain on the examples, in words and in JSON, as the command line prints it. */
class ExplainTest {

    private static String example(String name) {
        return TestEnvironment.examplesDir().resolve(name + ".json").toString();
    }

    /** The words for a few accesses, each pinning one kind of sentence. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            static-web-server | --access write_file --path /var/cache/nginx/x         | the rule on /var/cache/nginx grants it, an ancestor of /var/cache/nginx/x. | Decision: allowed.
            static-web-server | --access write_file --path /var/cachex/x              | no rule on /var/cachex/x or its ancestors grants it; the nearest rule, /var/log/nginx, grants write_file, read_file, read_dir, remove_dir, remove_file, make_dir, make_reg, truncate elsewhere. | Decision: denied with EACCES
            static-web-server | --access rename --path /var/log/nginx/a --to /run/a   | the rule on /run grants write_file, read_dir, remove_file, make_reg, truncate but not refer. | Decision: denied with EXDEV
            static-web-server | --access bind_tcp --port 443                           | bind_tcp is handled; the rule on port 443 grants it. | Decision: allowed.
            static-web-server | --access connect_tcp --port 443                        | connect_tcp is handled; no rule on port 443 grants it. | Decision: denied with EACCES
            static-web-server | --access signal                                        | scopes take no rules | Decision: denied with EPERM
            static-web-server | --access ioctl_dev --path /run/tty --abi 4             | ioctl_dev is not handled at ABI 4 (it needs ABI 5), so it is not restricted. | Decision: allowed.
            static-web-server | --access ioctl_dev --path /dev/tty                     | no rule on /dev/tty or its ancestors grants it | Decision: denied with EACCES
            python-service    | --access connect_send_udp --port 53                    | connect_send_udp is handled; the rule on port 53 grants it. | Decision: allowed.
            python-service    | --access connect_send_udp --port 53 --abi 9            | connect_send_udp is not handled at ABI 9 (it needs ABI 10) | Decision: allowed.
            network-client    | --access write_file --path /etc/ssl/x                  | the rule on /etc/ssl grants read_file, read_dir but not write_file. | Decision: denied with EACCES
            ci-build-tool     | --access truncate --path /workspace/out.o              | truncate is handled; the rule on /workspace grants it | Decision: allowed.
            """)
    void inWords(String policy, String args, String line, String decision) {
        List<String> command = new ArrayList<>(List.of("explain", example(policy)));
        command.addAll(List.of(args.strip().split("\\s+")));
        CliRun run = CliRun.of(command.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains(line.strip());
        List<String> lines = run.out().lines().toList();
        int decided = lines.size() - 1;
        if (lines.get(decided).startsWith("fix: ")) {
            // A denied access ends with the change that lets it through, just after the decision.
            assertThat(decision.strip()).startsWith("Decision: denied");
            decided--;
        }
        assertThat(lines.get(decided)).startsWith(decision.strip());
    }

    @Test
    void inJson() {
        CliRun run = CliRun.of("explain", example("static-web-server"), "--access", "read_file", "--path", "/etc/shadow", "--json");
        JsonNode doc = Json.parse(run.out());
        assertThat(doc.get("policy").stringValue()).isEqualTo("static-web-server");
        assertThat(doc.get("abi").intValue()).isEqualTo(7);
        assertThat(doc.at("/request/operation").stringValue()).isEqualTo("read_file");
        assertThat(doc.at("/request/port").isMissingNode()).isTrue();
        assertThat(doc.at("/decision/allowed").booleanValue()).isFalse();
        assertThat(doc.at("/decision/errno").stringValue()).isEqualTo("EACCES");
        assertThat(doc.at("/decision/checks/0/layers/0/missing/0").stringValue()).isEqualTo("read_file");
        assertThat(doc.at("/explanation").size()).isGreaterThan(1);
    }

    @Test
    void withAFilesystemView(@TempDir Path dir) throws Exception {
        Path view = dir.resolve("view.json");
        Files.writeString(view, """
                {"symlinks": {"/etc/resolv.conf": "/run/systemd/resolve/stub-resolv.conf"},
                 "entries": {"/run/systemd/resolve/stub-resolv.conf": "file"}}
                """);
        // A rule on the link lands on its target (landlock-facts.md §2.8)...
        CliRun onLink = CliRun.of("explain", example("python-service"), "--access", "read_file", "--path", "/etc/resolv.conf",
                "--fs-view", view.toString());
        assertThat(onLink.out()).contains("the rule on /run/systemd/resolve/stub-resolv.conf (written as /etc/resolv.conf) grants it");
        assertThat(onLink.out()).contains("Decision: allowed.");
        // ...while a rule on /etc does not cover what the link resolves to.
        CliRun onEtc = CliRun.of("explain", example("ci-build-tool"), "--access", "read_file", "--path", "/etc/resolv.conf",
                "--fs-view", view.toString());
        assertThat(onEtc.out()).contains("no rule on /run/systemd/resolve/stub-resolv.conf or its ancestors grants it");
        assertThat(onEtc.out()).contains("Decision: denied with EACCES");
    }

    @Test
    void badInputIsReported(@TempDir Path dir) throws Exception {
        assertThat(CliRun.of("explain", example("network-client"), "--access", "frobnicate", "--path", "/x").exit())
                .isEqualTo(ExitCode.USAGE);
        CliRun noPath = CliRun.of("explain", example("network-client"), "--access", "read_file");
        assertThat(noPath.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noPath.err()).contains("read_file needs --path");
        assertThat(CliRun.of("explain", example("network-client"), "--access", "bind_tcp", "--port", "70000").err())
                .contains("needs a port from 0 to 65535");
        Path view = dir.resolve("view.json");
        Files.writeString(view, "{\"entries\": {\"etc\": \"directory\", \"/x\": \"blob\"}}");
        CliRun badView = CliRun.of("explain", example("network-client"), "--access", "read_file", "--path", "/x",
                "--fs-view", view.toString());
        assertThat(badView.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(badView.err()).contains("/entries/~1x: \"blob\" is not a known name here");
        CliRun refused = CliRun.of("explain", example("network-client"), "--access", "read_file", "--path", "/x", "--abi", "3");
        assertThat(refused.exit()).isEqualTo(ExitCode.REFUSED);
    }

    /** Every example answers every kind of access without failing. */
    @TestFactory
    Stream<DynamicTest> everyExampleAnswersEveryOperation() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestEnvironment.examplesDir())) {
            for (Path example : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (String op : dev.landlockstudio.compiler.evaluator.Operation.names()) {
                    tests.add(DynamicTest.dynamicTest(example.getFileName() + " " + op, () -> {
                        CliRun run = CliRun.of("explain", example.toString(), "--access", op, "--path", "/srv/www/index.html",
                                "--to", "/tmp/index.html", "--port", "443");
                        assertThat(run.exit()).as(run.err()).isZero();
                        assertThat(run.out()).containsPattern("Decision: (allowed|denied with E(ACCES|XDEV|PERM))");
                    }));
                }
            }
        }
        return tests.stream();
    }

    private static List<String> decidedBy(String policy, String access, String path, Integer port) {
        AccessRequest request = AccessRequest.of(access, path, null, port, new AccessRequest.Names("--path", "--to", "--port"));
        return Explanation.of(Policies.resolve(policy), 7, FsView.empty(), request).orElseThrow().decidedBy();
    }

    @Test
    void decidedByNamesTheRulesWhoseRightsAllowedTheAccess() {
        String policy = "{'name':'p','abi':7,'handledAccessFs':['read_file','execute','write_file'],'handledAccessNet':['bind_tcp'],"
                + "'pathBeneath':[{'paths':['/usr'],'allowedAccess':['read_file']},{'paths':['/opt','/usr/bin'],'allowedAccess':['execute']},"
                + "{'paths':['/usr'],'allowedAccess':['write_file']}],'netPort':[{'ports':[80,443],'allowedAccess':['bind_tcp']}]}";
        assertThat(decidedBy(policy, "read_file", "/usr/lib/x", null)).containsExactly("/pathBeneath/0");
        assertThat(decidedBy(policy, "execute", "/usr/bin/sh", null)).as("execute checks execute and read_file, each from its rule")
                .containsExactly("/pathBeneath/1", "/pathBeneath/0");
        assertThat(decidedBy(policy, "write_file", "/usr/x", null)).containsExactly("/pathBeneath/2");
        assertThat(decidedBy(policy, "bind_tcp", null, 443)).containsExactly("/netPort/0");
        assertThat(decidedBy(policy, "write_file", "/opt/x", null)).as("denied: nothing allowed it").isEmpty();
        assertThat(decidedBy(policy, "execute", "/opt/x", null)).as("execute granted, read_file not: denied").isEmpty();
        assertThat(decidedBy(policy, "read_dir", "/etc", null)).as("not handled: no rule was needed").isEmpty();
    }
}
