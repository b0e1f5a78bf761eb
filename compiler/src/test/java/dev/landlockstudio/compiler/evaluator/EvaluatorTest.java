package dev.landlockstudio.compiler.evaluator;

import static dev.landlockstudio.compiler.evaluator.AccessRequest.move;
import static dev.landlockstudio.compiler.evaluator.AccessRequest.onPath;
import static dev.landlockstudio.compiler.evaluator.AccessRequest.onPort;
import static dev.landlockstudio.compiler.evaluator.AccessRequest.outside;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.testing.Policies;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per rule of landlock-facts.md §2, each naming the section it checks. */
class EvaluatorTest {

    private static Ruleset ruleset(String policy, int abi) {
        return Compiler.compile(Policies.resolve(policy), Target.NATIVE, abi).ruleset();
    }

    private static Decision decide(String policy, int abi, FsView view, AccessRequest request) {
        return new Evaluator(List.of(ruleset(policy, abi)), view).decide(request);
    }

    private static Decision decide(String policy, AccessRequest request) {
        return decide(policy, 7, FsView.empty(), request);
    }

    @Test
    void s2_1_unhandledRightsAreAllowedHandledOnesNeedARule() {
        String policy = "{'name':'p','handledAccessFs':['read_file'],'handledAccessNet':[],'scoped':[],"
                + "'pathBeneath':[{'paths':['/etc'],'allowedAccess':['read_file']}]}";
        Decision write = decide(policy, onPath(Operation.WRITE_FILE, "/var/x"));
        assertThat(write.allowed()).isTrue();
        assertThat(write.reason()).contains("no layer handles it");
        Decision outsideRule = decide(policy, onPath(Operation.READ_FILE, "/var/x"));
        assertThat(outsideRule.errno()).isEqualTo("EACCES");
        Decision beneath = decide(policy, onPath(Operation.READ_FILE, "/etc/ssl/certs/ca.pem"));
        assertThat(beneath.allowed()).isTrue();
        assertThat(beneath.checks().get(0).layers().get(0).grants())
                .containsExactly(new Decision.Grant("read_file", "/etc", "/etc"));
    }

    @Test
    void s2_1_handlingWithoutRulesDeniesEverywhere() {
        Decision d = decide("{'name':'p','handledAccessFs':['execute'],'handledAccessNet':[],'scoped':[]}",
                onPath(Operation.EXECUTE, "/usr/bin/true"));
        assertThat(d.errno()).isEqualTo("EACCES");
        assertThat(d.checks().get(0).layers().get(0).missing()).containsExactly("execute");
    }

    private static final String MOVES = "{'name':'p','abi':%d,'handledAccessNet':[],'scoped':[],'pathBeneath':["
            + "{'paths':['/a'],'allowedAccess':['read_file','remove_file','make_reg'%s]},"
            + "{'paths':['/b'],'allowedAccess':['read_file','remove_file','make_reg'%s]},"
            + "{'paths':['/c'],'allowedAccess':['read_file','write_file','remove_file','make_reg','refer']},"
            + "{'paths':['/d'],'allowedAccess':['read_file']}]}";

    private static String moves(int abi, String a, String b) {
        return MOVES.formatted(abi, a, b);
    }

    @Test
    void s2_2_sameDirectoryRenameNeedsNoRefer() {
        assertThat(decide(moves(7, "", ""), move(Operation.RENAME, "/a/x", "/a/y")).allowed()).isTrue();
    }

    @Test
    void s2_2_reparentingNeedsReferOnBothSides() {
        assertThat(decide(moves(7, "", ""), move(Operation.RENAME, "/a/x", "/b/x")).errno()).isEqualTo("EXDEV");
        assertThat(decide(moves(7, ",'refer'", ""), move(Operation.RENAME, "/a/x", "/b/x")).errno()).isEqualTo("EXDEV");
        assertThat(decide(moves(7, ",'refer'", ",'refer'"), move(Operation.RENAME, "/a/x", "/b/x")).allowed()).isTrue();
    }

    @Test
    void s2_2_eaccesTakesPrecedenceOverExdev() {
        // /d cannot create files: EACCES, although refer is missing too.
        Decision d = decide(moves(7, "", ""), move(Operation.RENAME, "/a/x", "/d/x"));
        assertThat(d.errno()).isEqualTo("EACCES");
    }

    @Test
    void s2_2_aFileMayNotGainRightsByMoving() {
        // /c grants write_file, which /a does not: moving /a/x there would widen it.
        Decision d = decide(moves(7, ",'refer'", ",'refer'"), move(Operation.RENAME, "/a/x", "/c/x"));
        assertThat(d.errno()).isEqualTo("EXDEV");
        assertThat(d.reason()).contains("would gain write_file");
        // The other way loses write_file, which is fine.
        assertThat(decide(moves(7, ",'refer'", ",'refer'"), move(Operation.RENAME, "/c/x", "/a/x")).allowed()).isTrue();
    }

    @Test
    void s2_2_linkNeedsNoRemoval() {
        String policy = "{'name':'p','handledAccessNet':[],'scoped':[],'pathBeneath':["
                + "{'paths':['/a'],'allowedAccess':['read_file','refer']},{'paths':['/b'],'allowedAccess':['read_file','make_reg','refer']}]}";
        assertThat(decide(policy, move(Operation.LINK, "/a/x", "/b/x")).allowed()).isTrue();
        assertThat(decide(policy, move(Operation.RENAME, "/a/x", "/b/x")).errno()).isEqualTo("EACCES");
    }

    @Test
    void s2_2_atAbi1EveryReparentingIsDenied() {
        // Case 4: refer is dropped at ABI 1, and the kernel then denies every reparenting.
        Decision d = decide(moves(2, ",'refer'", ",'refer'"), 1, FsView.empty(), move(Operation.RENAME, "/a/x", "/b/x"));
        assertThat(d.errno()).isEqualTo("EXDEV");
        assertThat(d.reason()).contains("ABI 1");
        assertThat(decide(moves(2, ",'refer'", ",'refer'"), 1, FsView.empty(), move(Operation.RENAME, "/a/x", "/a/y")).allowed())
                .isTrue();
    }

    @Test
    void s2_3_truncationNeedsTruncateWhenHandled() {
        String policy = "{'name':'p','abi':3,'handledAccessNet':[],'scoped':[],"
                + "'pathBeneath':[{'paths':['/w'],'allowedAccess':['read_file','write_file','make_reg']}]}";
        FsView view = new FsView.Builder().add("/w/existing", FsView.Type.FILE).build();
        assertThat(decide(policy, 3, view, onPath(Operation.WRITE_FILE, "/w/existing")).allowed()).isTrue();
        assertThat(decide(policy, 3, view, onPath(Operation.OPEN_TRUNC, "/w/existing")).errno()).isEqualTo("EACCES");
        assertThat(decide(policy, 3, view, onPath(Operation.TRUNCATE, "/w/existing")).errno()).isEqualTo("EACCES");
        assertThat(decide(policy, 3, view, onPath(Operation.CREAT, "/w/existing")).errno()).isEqualTo("EACCES");
        assertThat(decide(policy, 3, view, onPath(Operation.CREAT, "/w/new")).allowed()).isTrue();
        // Before ABI 3 truncation is always allowed.
        assertThat(decide(policy, 2, view, onPath(Operation.OPEN_TRUNC, "/w/existing")).allowed()).isTrue();
    }

    @Test
    void s2_4_ioctlNeedsTheDeviceOpenedForReadingOrWriting() {
        String policy = "{'name':'p','abi':5,'pathBeneath':[{'paths':['/r'],'allowedAccess':['read_file','ioctl_dev']},"
                + "{'paths':['/w'],'allowedAccess':['write_file','ioctl_dev']},{'paths':['/n'],'allowedAccess':['ioctl_dev']}]}";
        FsView.Builder view = new FsView.Builder();
        for (String dir : List.of("/r", "/w", "/n")) {
            view.add(dir, FsView.Type.DIRECTORY).add(dir + "/tty", FsView.Type.CHAR_DEVICE);
        }
        assertThat(decide(policy, 5, view.build(), onPath(Operation.IOCTL_DEV, "/r/tty")).allowed()).isTrue();
        assertThat(decide(policy, 5, view.build(), onPath(Operation.IOCTL_DEV, "/w/tty")).allowed()).as("opened for writing").isTrue();
        Decision unopenable = decide(policy, 5, view.build(), onPath(Operation.IOCTL_DEV, "/n/tty"));
        assertThat(unopenable.errno()).isEqualTo("EACCES");
        assertThat(unopenable.reason()).contains("read_file");
    }

    @Test
    void s2_4_ioctlDevCoversOnlyDevices() {
        String policy = "{'name':'p','abi':5,'pathBeneath':[{'paths':['/dev'],'allowedAccess':['read_file','write_file']}]}";
        FsView view = new FsView.Builder().add("/dev", FsView.Type.DIRECTORY).add("/dev/tty", FsView.Type.CHAR_DEVICE)
                .add("/dev/log.txt", FsView.Type.FILE).build();
        assertThat(decide(policy, 5, view, onPath(Operation.IOCTL_DEV, "/dev/tty")).errno()).isEqualTo("EACCES");
        assertThat(decide(policy, 5, view, onPath(Operation.IOCTL_DEV, "/dev/log.txt")).allowed()).isTrue();
        assertThat(decide(policy, 4, view, onPath(Operation.IOCTL_DEV, "/dev/tty")).allowed()).as("ABI < 5").isTrue();
    }

    @Test
    void s2_6_bindMountsShareRulesOverlayLayersDoNot() {
        String policy = "{'name':'p','handledAccessFs':['read_file'],'handledAccessNet':[],'scoped':[],'pathBeneath':["
                + "{'paths':['/srv/data'],'allowedAccess':['read_file']},{'paths':['/lower'],'allowedAccess':['read_file']},"
                + "{'paths':['/merged/app'],'allowedAccess':['read_file']}]}";
        FsView view = new FsView.Builder().bind("/srv/data", "/mnt/data")
                .overlay("/merged", List.of("/lower"), "/upper").build();
        assertThat(decide(policy, 7, view, onPath(Operation.READ_FILE, "/mnt/data/f")).allowed()).as("via the bind target").isTrue();
        assertThat(decide(policy, 7, view, onPath(Operation.READ_FILE, "/merged/etc/f")).errno())
                .as("a rule on a lower layer grants nothing through the merged view").isEqualTo("EACCES");
        assertThat(decide(policy, 7, view, onPath(Operation.READ_FILE, "/merged/app/f")).allowed()).isTrue();
        assertThat(decide(policy, 7, view, onPath(Operation.READ_FILE, "/upper/app/f")).errno())
                .as("a rule on merged grants nothing on the layers").isEqualTo("EACCES");
        String onTarget = "{'name':'p','handledAccessFs':['read_file'],'handledAccessNet':[],'scoped':[],"
                + "'pathBeneath':[{'paths':['/mnt/data'],'allowedAccess':['read_file']}]}";
        assertThat(decide(onTarget, 7, view, onPath(Operation.READ_FILE, "/srv/data/f")).allowed())
                .as("a rule on the bind target covers the source").isTrue();
    }

    @Test
    void s2_7_everyLayerMustGrant() {
        Ruleset grants = ruleset("{'name':'a','handledAccessFs':['read_file'],'handledAccessNet':[],'scoped':[],"
                + "'pathBeneath':[{'paths':['/etc'],'allowedAccess':['read_file']}]}", 7);
        Ruleset denies = ruleset("{'name':'b','handledAccessFs':['read_file'],'handledAccessNet':[],'scoped':[]}", 7);
        Ruleset other = ruleset("{'name':'c','handledAccessFs':['write_file'],'handledAccessNet':[],'scoped':[]}", 7);
        AccessRequest read = onPath(Operation.READ_FILE, "/etc/hosts");
        assertThat(new Evaluator(List.of(grants), FsView.empty()).decide(read).allowed()).isTrue();
        Decision stacked = new Evaluator(List.of(grants, denies), FsView.empty()).decide(read);
        assertThat(stacked.errno()).isEqualTo("EACCES");
        assertThat(stacked.reason()).startsWith("layer 2");
        assertThat(new Evaluator(List.of(grants, other), FsView.empty()).decide(read).allowed()).isTrue();
    }

    @Test
    void s2_8_rulesBindToTheResolvedPath() {
        String policy = "{'name':'p','handledAccessFs':['read_file'],'handledAccessNet':[],'scoped':[],"
                + "'pathBeneath':[{'paths':['/etc'],'allowedAccess':['read_file']}]}";
        FsView view = new FsView.Builder().symlink("/etc/resolv.conf", "../run/resolved/stub.conf").build();
        Decision d = decide(policy, 7, view, onPath(Operation.READ_FILE, "/etc/resolv.conf"));
        assertThat(d.errno()).as("/etc does not cover what the link resolves to").isEqualTo("EACCES");
        assertThat(d.checks().get(0).on()).isEqualTo("/run/resolved/stub.conf");
        String onLink = "{'name':'p','handledAccessFs':['read_file'],'handledAccessNet':[],'scoped':[],"
                + "'pathBeneath':[{'paths':['/etc/resolv.conf'],'allowedAccess':['read_file']}]}";
        assertThat(decide(onLink, 7, view, onPath(Operation.READ_FILE, "/run/resolved/stub.conf")).allowed())
                .as("a rule on a symlink lands on its target").isTrue();
    }

    @Test
    void s2_9_aRuleOnAFileKeepsOnlyFileRights() {
        String policy = "{'name':'p','handledAccessNet':[],'scoped':[],"
                + "'pathBeneath':[{'paths':['/etc/hosts'],'allowedAccess':['read_file','read_dir','make_reg']}]}";
        FsView view = new FsView.Builder().add("/etc/hosts", FsView.Type.FILE).build();
        assertThat(decide(policy, 7, view, onPath(Operation.READ_FILE, "/etc/hosts")).allowed()).isTrue();
        assertThat(decide(policy, 7, view, onPath(Operation.MAKE_REG, "/etc/hosts/x")).errno()).isEqualTo("EACCES");
    }

    @Test
    void s2_15_scopesDenyPeersOutsideTheDomain() {
        assertThat(decide("{'name':'p','scoped':['signal'],'handledAccessFs':[],'handledAccessNet':[]}",
                outside(Operation.SIGNAL)).errno()).isEqualTo("EPERM");
        assertThat(decide("{'name':'p','scoped':['signal'],'handledAccessFs':[],'handledAccessNet':[]}",
                outside(Operation.ABSTRACT_UNIX_SOCKET)).allowed()).isTrue();
        assertThat(decide("{'name':'p','abi':6}", 5, FsView.empty(), outside(Operation.SIGNAL)).allowed())
                .as("no scopes before ABI 6").isTrue();
    }

    @Test
    void s2_16_netRulesAreOnePortEach() {
        String policy = "{'name':'p','abi':10,'handledAccessFs':[],'scoped':[],'netPort':["
                + "{'ports':[80],'allowedAccess':['bind_tcp']},{'ports':[0],'allowedAccess':['bind_udp']}]}";
        assertThat(decide(policy, 10, FsView.empty(), onPort(Operation.BIND_TCP, 80)).allowed()).isTrue();
        assertThat(decide(policy, 10, FsView.empty(), onPort(Operation.BIND_TCP, 81)).errno()).isEqualTo("EACCES");
        assertThat(decide(policy, 10, FsView.empty(), onPort(Operation.CONNECT_TCP, 80)).errno()).isEqualTo("EACCES");
        assertThat(decide(policy, 10, FsView.empty(), onPort(Operation.BIND_UDP, 0)).allowed()).isTrue();
        assertThat(decide(policy, 10, FsView.empty(), onPort(Operation.CONNECT_SEND_UDP, 53)).errno()).isEqualTo("EACCES");
        assertThat(decide(policy, 9, FsView.empty(), onPort(Operation.CONNECT_SEND_UDP, 53)).allowed()).as("no UDP before ABI 10").isTrue();
    }

    /** Connecting or sending binds the socket to an ephemeral port first: bind_udp on port 0 where it is handled. */
    @Test
    void s2_16_udpConnectOnAnUnboundSocketBindsItFirst() {
        String bindOnly = "{'name':'p','abi':10,'handledAccessFs':[],'scoped':[],'handledAccessNet':['bind_udp'],"
                + "'netPort':[{'ports':[53],'allowedAccess':['bind_udp']}]}";
        Decision denied = decide(bindOnly, 10, FsView.empty(), onPort(Operation.CONNECT_SEND_UDP, 53));
        assertThat(denied.errno()).isEqualTo("EACCES");
        assertThat(denied.reason()).contains("bind_udp").contains("port 0");
        assertThat(decide(bindOnly.replace("[53]", "[0]"), 10, FsView.empty(), onPort(Operation.CONNECT_SEND_UDP, 53))
                .allowed()).isTrue();
        String both = "{'name':'p','abi':10,'handledAccessFs':[],'scoped':[],'netPort':["
                + "{'ports':[53],'allowedAccess':['connect_send_udp']},{'ports':[0],'allowedAccess':['bind_udp']}]}";
        assertThat(decide(both, 10, FsView.empty(), onPort(Operation.CONNECT_SEND_UDP, 53)).allowed()).isTrue();
        assertThat(decide(both.replace("[0]", "[5353]"), 10, FsView.empty(), onPort(Operation.CONNECT_SEND_UDP, 53))
                .errno()).isEqualTo("EACCES");
        String connectOnly = "{'name':'p','abi':10,'handledAccessFs':[],'scoped':[],'handledAccessNet':['connect_send_udp'],"
                + "'netPort':[{'ports':[53],'allowedAccess':['connect_send_udp']}]}";
        assertThat(decide(connectOnly, 10, FsView.empty(), onPort(Operation.CONNECT_SEND_UDP, 53)).allowed()).isTrue();
    }

    @Test
    void s1_8_atMostSixteenLayers() {
        Ruleset one = ruleset("{'name':'p'}", 7);
        List<Ruleset> seventeen = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            seventeen.add(one);
        }
        assertThatThrownBy(() -> new Evaluator(seventeen, FsView.empty())).hasMessageContaining("E2BIG");
        assertThat(new Evaluator(seventeen.subList(0, 16), FsView.empty()).decide(onPath(Operation.READ_FILE, "/x")).errno())
                .isEqualTo("EACCES");
    }

    @Test
    void notEnforcedRulesetsAddNoLayer() {
        Ruleset soft = Compiler.compile(Policies.resolve("{'name':'p','compatibility':'soft_requirement'}"), Target.NATIVE, 4).ruleset();
        assertThat(soft.enforced()).isFalse();
        assertThat(new Evaluator(List.of(soft), FsView.empty()).decide(onPath(Operation.WRITE_FILE, "/etc/passwd")).allowed()).isTrue();
    }
}
