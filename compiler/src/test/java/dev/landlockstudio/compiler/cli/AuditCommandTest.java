package dev.landlockstudio.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class AuditCommandTest {

    @TempDir
    Path dir;

    private String policy;
    private String records;

    @BeforeEach
    void files() throws Exception {
        policy = Files.writeString(dir.resolve("app.json"), ("{'name':'app','abi':7,'handledAccessFs':['read_file','write_file',"
                + "'truncate'],'handledAccessNet':['connect_tcp'],'pathBeneath':[{'paths':['/var/log/app'],"
                + "'allowedAccess':['write_file']}]}").replace('\'', '"')).toString();
        records = Files.writeString(dir.resolve("audit.log"), """
                type=UNKNOWN[1423] msg=audit(1764824400.120:2): domain=197a34e62 blockers=fs.truncate path="/var/log/app/x.log" dev="vda" ino=40
                type=UNKNOWN[1424] msg=audit(1764824400.120:2): domain=197a34e62 status=allocated mode=enforcing pid=7 uid=0 exe="/usr/bin/app" comm="app"
                type=SYSCALL msg=audit(1764824400.120:2): arch=c000003e syscall=2 success=no exit=-13
                type=UNKNOWN[1423] msg=audit(1764824400.130:3): domain=197a34e62 blockers=fs.truncate path="/var/log/app/x.log" dev="vda" ino=40
                type=UNKNOWN[1423] msg=audit(1764824400.140:4): domain=197a34e62 blockers=net.connect_tcp daddr=127.0.0.1 dest=5432
                """).toString();
    }

    @Test
    void printsEachGroupWithItsCountAndFixAndTheIgnoredLinesOnStderr() {
        CliRun run = CliRun.of("audit", policy, records);
        assertThat(run.exit()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo("""
                domain 197a34e62: truncate on /var/log/app/x.log (2 denials, lines 1, 4)
                  denied: truncate is handled and nothing grants it on /var/log/app/x.log
                  fix: grant truncate on /pathBeneath/0 (/var/log/app)
                domain 197a34e62: connect_tcp on port 5432 (1 denial, line 5)
                  denied: connect_tcp is handled and nothing grants it on port 5432
                  fix: add a rule granting connect_tcp on port 5432
                """);
        assertThat(run.err()).isEqualTo("line 3 ignored: not a Landlock record (type SYSCALL)\n");
    }

    @Test
    void jsonHasTheGroupsWithTheirPatchesAndTheIgnoredLines() {
        CliRun run = CliRun.of("audit", policy, records, "--json");
        assertThat(run.exit()).isEqualTo(ExitCode.OK);
        JsonNode out = Json.parse(run.out());
        assertThat(out.get("groups")).hasSize(2);
        assertThat(out.at("/groups/0/fix/patch/0/path").asString()).isEqualTo("/pathBeneath/0/allowedAccess/-");
        assertThat(out.at("/groups/1/fix/patch/0/value/0/ports/0").asInt()).isEqualTo(5432);
        assertThat(out.at("/domains/0/exe").asString()).isEqualTo("/usr/bin/app");
        assertThat(out.at("/ignored/0/line").asInt()).isEqualTo(3);
    }

    @Test
    void applyPrintsThePatchedPolicy() {
        CliRun run = CliRun.of("audit", policy, records, "--apply");
        assertThat(run.exit()).isEqualTo(ExitCode.OK);
        PolicyReader.ReadPolicy patched = PolicyReader.read(run.out());
        assertThat(patched.document().pathBeneath().get(0).allowedAccess()).containsExactly("write_file", "truncate");
        assertThat(patched.document().netPort().get(0).ports()).containsExactly(5432);
        assertThat(CliRun.of("audit", dir.resolve("patched.json").toString(), records).exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void applyQuietKeepsTheDenialsAndQuietsThemFromTheQuietAbiOn() throws Exception {
        String quietAbi = Files.writeString(dir.resolve("app10.json"), Files.readString(Path.of(policy))
                .replace("\"abi\":7", "\"abi\":" + AbiTable.quietFirstAbi())).toString();
        CliRun listed = CliRun.of("audit", quietAbi, records);
        assertThat(listed.out()).contains("  or quiet: keep denying truncate on /var/log/app/x.log without logging it");
        assertThat(CliRun.of("audit", policy, records).out()).doesNotContain("or quiet");

        CliRun run = CliRun.of("audit", quietAbi, records, "--apply", "--quiet");
        assertThat(run.exit()).isEqualTo(ExitCode.OK);
        PolicyReader.ReadPolicy patched = PolicyReader.read(run.out());
        assertThat(patched.document().quietAccessFs()).containsExactly("truncate");
        assertThat(patched.document().quietAccessNet()).containsExactly("connect_tcp");
        assertThat(patched.document().pathBeneath().get(0).allowedAccess()).containsExactly("write_file");
        assertThat(patched.document().pathBeneath().get(1).quiet()).isTrue();
        assertThat(CliRun.of("audit", quietAbi, records, "--quiet").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void onAFilesystemViewARuleOnASymlinkCoversWhatItPointsTo() throws Exception {
        // /var/log/app is a link to /data/app-logs: the kernel logs the target, which the rule on the link covers.
        Path view = Files.writeString(dir.resolve("view.json"), """
                {"symlinks": {"/var/log/app": "/data/app-logs"}, "entries": {"/data/app-logs": "directory"}}
                """);
        Path write = Files.writeString(dir.resolve("write.log"), "type=UNKNOWN[1423] msg=audit(1764824400.120:2):"
                + " domain=197a34e62 blockers=fs.write_file path=\"/data/app-logs/x.log\" dev=\"vda\" ino=40\n");
        assertThat(CliRun.of("audit", policy, write.toString()).out())
                .contains("  fix: add a rule granting write_file on /data/app-logs/x.log");
        CliRun run = CliRun.of("audit", policy, write.toString(), "--fs-view", view.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("  not this policy: the policy allows it").doesNotContain("fix:");

        Files.writeString(view, "{\"entries\": {\"/x\": \"blob\"}}");
        CliRun bad = CliRun.of("audit", policy, write.toString(), "--fs-view", view.toString());
        assertThat(bad.exit()).isEqualTo(ExitCode.INVALID);
        assertThat(bad.err()).contains("/entries/~1x: \"blob\" is not a known name here");
        assertThat(CliRun.of("audit", policy, "-", "--fs-view", "-").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void anInvalidPolicyExitsTwoAndBothOnStandardInputIsAUsageError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"name\":\"x\",\"abi\":99}");
        assertThat(CliRun.of("audit", bad.toString(), records).exit()).isEqualTo(ExitCode.INVALID);
        assertThat(CliRun.of("audit", "-").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("audit", policy, records, "--json", "--apply").exit()).isEqualTo(ExitCode.USAGE);
    }
}
