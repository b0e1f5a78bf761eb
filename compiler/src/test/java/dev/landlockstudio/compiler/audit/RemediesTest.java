package dev.landlockstudio.compiler.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.explain.Explanation;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.report.Fix;
import dev.landlockstudio.compiler.report.JsonPatch;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemediesTest {

    private static final String POLICY = ("{'name':'app','abi':7,"
            + "'handledAccessFs':['read_file','write_file','read_dir','truncate','make_reg','make_dir'],"
            + "'handledAccessNet':['connect_tcp','bind_tcp'],'scoped':['signal'],"
            + "'pathBeneath':[{'paths':['/usr'],'allowedAccess':['read_file','read_dir']},"
            + "{'paths':['/var/log/app'],'allowedAccess':['write_file']}],"
            + "'netPort':[{'ports':[443],'allowedAccess':['connect_tcp']}]}").replace('\'', '"');

    private static DenialGroup only(String records) {
        AuditLog log = AuditLog.read(records);
        List<DenialGroup> groups = Remedies.of(PolicyReader.read(POLICY), FsView.empty(), log.denials());
        assertThat(groups).hasSize(1);
        return groups.get(0);
    }

    /** The patched policy allows what the group was denied: the group, read again under it, is no longer denied. */
    private static void fixedBy(DenialGroup group, String records) {
        assertThat(group.denied()).isTrue();
        String patched = JsonPatch.apply(POLICY, group.fix());
        List<DenialGroup> after = Remedies.of(PolicyReader.read(patched), FsView.empty(), AuditLog.read(records).denials());
        assertThat(after.get(0).denied()).as(patched).isFalse();
    }

    @Test
    void aReadUnderARuleThatLacksReadFileGainsItOnTheDeepestRule() {
        String records = "audit: type=1423 audit(1.2:3): domain=1a blockers=fs.read_file,fs.truncate"
                + " path=\"/var/log/app/x.log\" dev=\"vda\" ino=9\n"
                + "audit: type=1423 audit(1.2:4): domain=1a blockers=fs.read_file,fs.truncate"
                + " path=\"/var/log/app/x.log\" dev=\"vda\" ino=9\n";
        DenialGroup group = only(records);
        assertThat(group.count()).isEqualTo(2);
        assertThat(group.lines()).containsExactly(1, 2);
        assertThat(group.reason()).isEqualTo("read_file, truncate are handled and nothing grants them on /var/log/app/x.log");
        assertThat(group.fix()).isEqualTo(new Fix("grant read_file, truncate on /pathBeneath/1 (/var/log/app)", List.of(
                Fix.Operation.add("/pathBeneath/1/allowedAccess/-", "read_file"),
                Fix.Operation.add("/pathBeneath/1/allowedAccess/-", "truncate"))));
        fixedBy(group, records);
    }

    /** The policy with its /var/log/app rule listing /srv too, and skipping what is missing. */
    private static final String SHARED = POLICY.replace("{\"paths\":[\"/var/log/app\"],\"allowedAccess\":[\"write_file\"]}",
            "{\"paths\":[\"/var/log/app\",\"/srv\"],\"allowedAccess\":[\"write_file\"],\"ifMissing\":\"skip\"}")
            .replace("\"ports\":[443]", "\"ports\":[443,8443]");

    private static boolean denied(String policy, String records) {
        return Remedies.of(PolicyReader.read(policy), FsView.empty(), AuditLog.read(records).denials()).get(0).denied();
    }

    @Test
    void aRightMissingUnderARuleWithSeveralPathsGoesInARuleOfItsOwn() {
        String records = "audit: type=1423 audit(1.2:3): domain=1a blockers=fs.read_file,fs.truncate"
                + " path=\"/var/log/app/x.log\" dev=\"vda\" ino=9";
        DenialGroup group = Remedies.of(PolicyReader.read(SHARED), FsView.empty(), AuditLog.read(records).denials()).get(0);
        assertThat(group.fix()).isEqualTo(Fix.of("add a rule granting read_file, truncate on /var/log/app:"
                + " /pathBeneath/1 also lists /srv, which would get them too", Fix.Operation.add("/pathBeneath/-", Map.of(
                "paths", List.of("/var/log/app"), "allowedAccess", List.of("read_file", "truncate"), "ifMissing", "skip"))));
        String patched = JsonPatch.apply(SHARED, group.fix());
        assertThat(denied(patched, records)).as(patched).isFalse();
        assertThat(denied(patched, records.replace("/var/log/app/x.log", "/srv/x.log"))).as("/srv keeps its rights").isTrue();

        // A later denial under the same path extends that rule, not the shared one, nor adds another.
        String more = records + "\naudit: type=1423 audit(1.2:4): domain=1a blockers=fs.make_reg path=\"/var/log/app\""
                + " dev=\"vda\" ino=8";
        List<?> rules = PolicyReader.read(Remedies.apply(PolicyReader.read(SHARED), FsView.empty(), AuditLog.read(more).denials(),
                DenialGroup::fix)).document().pathBeneath();
        assertThat(rules).hasSize(3).element(2).isEqualTo(new PathBeneathRule(List.of("/var/log/app"),
                List.of("read_file", "truncate", "make_reg"), IfMissing.SKIP, null));

        String bind = "audit: type=1423 audit(1.2:3): domain=1a blockers=net.bind_tcp saddr=0.0.0.0 src=443";
        DenialGroup port = Remedies.of(PolicyReader.read(SHARED), FsView.empty(), AuditLog.read(bind).denials()).get(0);
        assertThat(port.fix()).isEqualTo(Fix.of("add a rule granting bind_tcp on port 443: /netPort/0 also lists 8443,"
                + " which would get it too", Fix.Operation.add("/netPort/-", Map.of("ports", List.of(443),
                "allowedAccess", List.of("bind_tcp")))));
        assertThat(denied(JsonPatch.apply(SHARED, port.fix()), bind)).isFalse();
    }

    /** /etc/resolv.conf as systemd-resolved makes it: a symlink to a file under /run. */
    private static final FsView RESOLVED = new FsView.Builder()
            .symlink("/etc/resolv.conf", "/run/systemd/resolve/stub-resolv.conf")
            .add("/run/systemd/resolve/stub-resolv.conf", FsView.Type.FILE).build();

    @Test
    void onTheGivenViewARuleOnASymlinkCoversTheTargetTheKernelNames() {
        // The kernel logs the file opened, the link's target; a rule on the link is on that file too.
        String policy = POLICY.replace("'/usr'".replace('\'', '"'), "\"/usr\",\"/etc/resolv.conf\"");
        String records = "audit: type=1423 audit(1.2:3): domain=1a blockers=fs.read_file"
                + " path=\"/run/systemd/resolve/stub-resolv.conf\" dev=\"tmpfs\" ino=4";
        List<Denial> denials = AuditLog.read(records).denials();
        DenialGroup blind = Remedies.of(PolicyReader.read(policy), FsView.empty(), denials).get(0);
        assertThat(blind.denied()).isTrue();
        assertThat(blind.fix().label()).isEqualTo("add a rule granting read_file on /run/systemd/resolve/stub-resolv.conf");

        DenialGroup seen = Remedies.of(PolicyReader.read(policy), RESOLVED, denials).get(0);
        assertThat(seen.denied()).isFalse();
        assertThat(seen.reason()).contains("the policy allows it", "another domain");
        assertThat(seen.fix()).isNull();
        assertThat(Remedies.apply(PolicyReader.read(policy), RESOLVED, denials, DenialGroup::fix))
                .isEqualTo(Json.write(PolicyReader.read(policy).document()));
    }

    @Test
    void explainsFixIsCheckedOnTheViewExplainDecidedOn() {
        // Read through the link, under a policy with no rule on it: the fix goes on the target, and only on the
        // view does the access through the link then succeed.
        AccessRequest read = AccessRequest.onPath(Operation.named("read_file").orElseThrow(), "/etc/resolv.conf");
        ResolvedPolicy policy = PolicyReader.read(POLICY).resolved();
        Decision denied = Explanation.of(policy, 7, RESOLVED, read).orElseThrow().decision();
        assertThat(denied.allowed()).isFalse();
        assertThat(Remedies.allowing(PolicyReader.read(POLICY), 7, FsView.empty(), read, denied)).isEmpty();
        Fix fix = Remedies.allowing(PolicyReader.read(POLICY), 7, RESOLVED, read, denied).orElseThrow();
        assertThat(fix.label()).isEqualTo("add a rule granting read_file on /run/systemd/resolve/stub-resolv.conf");
        ResolvedPolicy fixed = PolicyReader.read(JsonPatch.apply(POLICY, fix)).resolved();
        assertThat(Explanation.of(fixed, 7, RESOLVED, read).orElseThrow().decision().allowed()).isTrue();
    }

    @Test
    void aDeniedCreateGetsMakeRegOnTheDirectoryTheKernelNames() {
        // For make_* the kernel logs the directory the entry is created in.
        String records = "type=UNKNOWN[1423] msg=audit(1.2:3): domain=1a blockers=fs.make_reg path=\"/srv/data\" dev=\"vda\" ino=5";
        DenialGroup group = only(records);
        assertThat(group.fix()).isEqualTo(Fix.of("add a rule granting make_reg on /srv/data", Fix.Operation.add(
                "/pathBeneath/-", Map.of("paths", List.of("/srv/data"), "allowedAccess", List.of("make_reg")))));
        fixedBy(group, records);
    }

    @Test
    void aDeniedConnectGetsAPortRule() {
        String records = "audit: type=1423 audit(1.2:3): domain=1a blockers=net.connect_tcp daddr=127.0.0.1 dest=5432";
        DenialGroup group = only(records);
        assertThat(group.fix()).isEqualTo(Fix.of("add a rule granting connect_tcp on port 5432", Fix.Operation.add(
                "/netPort/-", Map.of("ports", List.of(5432), "allowedAccess", List.of("connect_tcp")))));
        fixedBy(group, records);
        String bind = "audit: type=1423 audit(1.2:3): domain=1a blockers=net.bind_tcp saddr=0.0.0.0 src=443";
        assertThat(only(bind).fix()).isEqualTo(Fix.of("grant bind_tcp on /netPort/0 (port 443)",
                Fix.Operation.add("/netPort/0/allowedAccess/-", "bind_tcp")));
        fixedBy(only(bind), bind);
    }

    @Test
    void aSignalIsFixedOnlyByNotScopingIt() {
        String records = "audit: type=1423 audit(1.2:3): domain=1a blockers=scope.signal opid=1 ocomm=\"systemd\"";
        DenialGroup group = only(records);
        assertThat(group.fix()).isEqualTo(Fix.of("stop scoping signal (no rule can allow it)",
                Fix.Operation.add("/scoped", List.of())));
        fixedBy(group, records);
    }

    @Test
    void whatThePolicyAllowsCameFromAnotherDomainAndHasNoFix() {
        DenialGroup group = only("audit: type=1423 audit(1.2:3): domain=2b blockers=fs.read_file path=\"/usr/lib/x\" dev=\"vda\" ino=5");
        assertThat(group.denied()).isFalse();
        assertThat(group.fix()).isNull();
        assertThat(group.reason()).contains("another domain");
    }

    @Test
    void applyingEveryFixFoldsThemOneAfterAnother() {
        // Two files under one rule need the same right: the second is allowed once the first is fixed.
        String records = "audit: type=1423 audit(1.2:3): domain=1a blockers=fs.read_file path=\"/var/log/app/a\" dev=\"vda\" ino=1\n"
                + "audit: type=1423 audit(1.2:4): domain=1a blockers=fs.read_file path=\"/var/log/app/b\" dev=\"vda\" ino=2\n"
                + "audit: type=1423 audit(1.2:5): domain=1a blockers=net.connect_tcp daddr=10.0.0.1 dest=80\n";
        PolicyReader.ReadPolicy policy = PolicyReader.read(POLICY);
        String patched = Remedies.apply(policy, FsView.empty(), AuditLog.read(records).denials(), DenialGroup::fix);
        assertThat(PolicyReader.read(patched).document().pathBeneath().get(1).allowedAccess())
                .containsExactly("write_file", "read_file");
        assertThat(Remedies.of(PolicyReader.read(patched), FsView.empty(), AuditLog.read(records).denials()))
                .noneMatch(DenialGroup::denied);
    }

    @Test
    void anAuditLogFromAServerGivesEachGroupItsFixAndListsTheRest() throws Exception {
        // auditd's own lines around Landlock's: SYSCALL and PROCTITLE records, an ENRICHED record, a line cut off.
        String records;
        try (InputStream in = RemediesTest.class.getResourceAsStream("/audit/audit.log")) {
            records = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        AuditLog log = AuditLog.read(records);
        List<DenialGroup> groups = Remedies.of(PolicyReader.read(POLICY), FsView.empty(), log.denials());
        assertThat(groups).extracting(DenialGroup::access, DenialGroup::lines, g -> g.fix().label()).containsExactly(
                tuple("truncate on /var/log/app/app.log", List.of(2, 5), "grant truncate on /pathBeneath/1 (/var/log/app)"),
                tuple("connect_tcp on port 5432", List.of(6), "add a rule granting connect_tcp on port 5432"),
                tuple("make_reg on /var/lib/app", List.of(7), "add a rule granting make_reg on /var/lib/app"));
        assertThat(log.ignored()).extracting(Ignored::line, Ignored::reason).containsExactly(
                tuple(1, "not a Landlock record (type SYSCALL)"),
                tuple(4, "not a Landlock record (type PROCTITLE)"),
                tuple(9, "truncated: the value of path has no closing quote"));
        String patched = Remedies.apply(PolicyReader.read(POLICY), FsView.empty(), log.denials(), DenialGroup::fix);
        assertThat(Remedies.of(PolicyReader.read(patched), FsView.empty(), log.denials())).noneMatch(DenialGroup::denied);
    }

    /** The same policy at the first ABI with quiet sets. */
    private static final String QUIET_POLICY = POLICY.replace("\"abi\":7", "\"abi\":" + AbiTable.quietFirstAbi());

    private static DenialGroup quietGroup(String records) {
        List<DenialGroup> groups = Remedies.of(PolicyReader.read(QUIET_POLICY), FsView.empty(), AuditLog.read(records).denials());
        assertThat(groups).hasSize(1);
        return groups.get(0);
    }

    /** Patched by the group's quiet change, the access is still denied and lowered as quiet: rights and object. */
    private static Ruleset quietedBy(DenialGroup group, String records) {
        String patched = JsonPatch.apply(QUIET_POLICY, group.quiet());
        PolicyReader.ReadPolicy read = PolicyReader.read(patched);
        assertThat(Remedies.of(read, FsView.empty(), AuditLog.read(records).denials()).get(0).denied()).as(patched).isTrue();
        return Compiler.lower(read.resolved(), read.resolved().abi()).ruleset();
    }

    @Test
    void anExpectedDenialCanBeKeptAndQuieted() {
        String records = "audit: type=1423 audit(1.2:3): domain=1a blockers=fs.read_file path=\"/srv/cache/x\" dev=\"vda\" ino=9";
        DenialGroup group = quietGroup(records);
        assertThat(group.fix()).isNotNull();
        assertThat(group.quiet()).isEqualTo(new Fix("keep denying read_file on /srv/cache/x without logging it", List.of(
                Fix.Operation.add("/quietAccessFs", List.of("read_file")),
                Fix.Operation.add("/pathBeneath/-", Map.of("paths", List.of("/srv/cache/x"), "allowedAccess", List.of(),
                        "quiet", true)))));
        Ruleset ruleset = quietedBy(group, records);
        assertThat(ruleset.quietAccessFs() & AbiTable.mask(RightKind.FS, ruleset.abi())).isNotZero();
        assertThat(ruleset.pathBeneath()).anyMatch(r -> r.path().equals("/srv/cache/x") && r.quiet() && r.allowedAccess() == 0);

        String connect = "audit: type=1423 audit(1.2:3): domain=1a blockers=net.connect_tcp daddr=10.0.0.1 dest=25";
        DenialGroup port = quietGroup(connect);
        assertThat(port.quiet().patch()).containsExactly(Fix.Operation.add("/quietAccessNet", List.of("connect_tcp")),
                Fix.Operation.add("/netPort/-", Map.of("ports", List.of(25), "allowedAccess", List.of(), "quiet", true)));
        assertThat(quietedBy(port, connect).netPort()).anyMatch(r -> r.port() == 25 && r.quiet());

        String signal = "audit: type=1423 audit(1.2:3): domain=1a blockers=scope.signal opid=1 ocomm=\"systemd\"";
        assertThat(quietGroup(signal).quiet().patch()).containsExactly(Fix.Operation.add("/quietScoped", List.of("signal")));
        assertThat(quietedBy(quietGroup(signal), signal).quietScoped()).isNotZero();
    }

    @Test
    void aQuietSetAndAQuietRuleAlreadyThereAreExtendedNotRepeated() {
        String policy = QUIET_POLICY.replace("\"pathBeneath\":[", "\"quietAccessFs\":[\"write_file\"],\"pathBeneath\":["
                + "{\"paths\":[\"/srv\"],\"allowedAccess\":[],\"quiet\":true},");
        String records = "audit: type=1423 audit(1.2:3): domain=1a blockers=fs.read_file path=\"/srv/cache/x\" dev=\"vda\" ino=9";
        DenialGroup group = Remedies.of(PolicyReader.read(policy), FsView.empty(), AuditLog.read(records).denials()).get(0);
        assertThat(group.quiet().patch()).containsExactly(Fix.Operation.add("/quietAccessFs/-", "read_file"));
    }

    @Test
    void belowTheQuietAbiNoDenialIsOfferedQuiet() {
        String records = "audit: type=1423 audit(1.2:3): domain=1a blockers=fs.read_file path=\"/srv/cache/x\" dev=\"vda\" ino=9";
        assertThat(only(records).quiet()).isNull();
    }

    /** What explain says about {@code request} under the policy at its own ABI, after {@code fix} when there is one. */
    private static Explanation explained(String document, AccessRequest request) {
        ResolvedPolicy policy = PolicyReader.read(document).resolved();
        return Explanation.of(policy, policy.abi(), FsView.empty(), request).orElseThrow();
    }

    private static Optional<Fix> allowing(AccessRequest request) {
        PolicyReader.ReadPolicy policy = PolicyReader.read(POLICY);
        return Remedies.allowing(policy, 7, FsView.empty(), request, explained(POLICY, request).decision());
    }

    @Test
    void aDeniedExplainedReadGetsTheFixADenialRecordWouldGet() {
        AccessRequest read = AccessRequest.onPath(Operation.named("read_file").orElseThrow(), "/var/log/app/x.log");
        assertThat(explained(POLICY, read).decision().allowed()).isFalse();
        Fix fix = allowing(read).orElseThrow();
        assertThat(fix).isEqualTo(Fix.of("grant read_file on /pathBeneath/1 (/var/log/app)",
                Fix.Operation.add("/pathBeneath/1/allowedAccess/-", "read_file")));
        assertThat(explained(JsonPatch.apply(POLICY, fix), read).decision().allowed()).isTrue();
    }

    @Test
    void aUdpConnectDeniedItsBindGetsARuleOnPortZero() {
        String policy = ("{'name':'dns','abi':10,'handledAccessFs':[],'handledAccessNet':['bind_udp','connect_send_udp'],"
                + "'netPort':[{'ports':[53],'allowedAccess':['connect_send_udp']}]}").replace('\'', '"');
        AccessRequest connect = AccessRequest.onPort(Operation.named("connect_send_udp").orElseThrow(), 53);
        Decision denied = explained(policy, connect).decision();
        Fix fix = Remedies.allowing(PolicyReader.read(policy), 10, FsView.empty(), connect, denied).orElseThrow();
        assertThat(fix.label()).contains("bind_udp").contains("port 0");
        assertThat(explained(JsonPatch.apply(policy, fix), connect).decision().allowed()).isTrue();
    }

    @Test
    void aRenameMissingRightsOnBothDirectoriesGetsOnePatchForBoth() {
        String policy = ("{'name':'mover','abi':7,'handledAccessFs':['read_file','write_file','make_reg','remove_file','refer'],"
                + "'pathBeneath':[{'paths':['/srv/in'],'allowedAccess':['read_file','write_file','remove_file']},"
                + "{'paths':['/srv/out'],'allowedAccess':['read_file','write_file']}]}").replace('\'', '"');
        AccessRequest rename = AccessRequest.move(Operation.named("rename").orElseThrow(), "/srv/in/a", "/srv/out/a");
        Decision denied = explained(policy, rename).decision();
        assertThat(denied.allowed()).isFalse();
        Fix fix = Remedies.allowing(PolicyReader.read(policy), 7, FsView.empty(), rename, denied).orElseThrow();
        assertThat(fix.label()).isEqualTo("grant refer on /pathBeneath/0 (/srv/in); grant make_reg, refer on /pathBeneath/1 (/srv/out)");
        assertThat(explained(JsonPatch.apply(policy, fix), rename).decision().allowed()).isTrue();

        // Without refer handled no rule lets a rename across directories through (EXDEV): nothing is offered.
        assertThat(allowing(AccessRequest.move(Operation.named("rename").orElseThrow(), "/var/log/app/a", "/usr/b"))).isEmpty();
        assertThat(allowing(AccessRequest.onPort(Operation.named("connect_tcp").orElseThrow(), 443))).as("allowed already").isEmpty();
    }
}
