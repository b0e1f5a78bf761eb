package dev.landlockstudio.compiler.lowering;

import static dev.landlockstudio.compiler.testing.Policies.codes;
import static dev.landlockstudio.compiler.testing.Policies.compile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.report.Severity;
import dev.landlockstudio.compiler.testing.Policies;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cases of lowering-cases.md, one test each, named by case number. */
class LoweringCasesTest {

    private static final int REFER = 0x2000;

    @Test
    void case1_defaultsHandleAbiAllAtThePolicysAbi() {
        Ruleset r = compile("{'name':'p','abi':10,'pathBeneath':[{'paths':['/usr'],'allowedAccess':['read_file']}]}",
                Target.NATIVE, 4).ruleset();
        assertThat(r.handledAccessFs()).isEqualTo(0x7FFF);
        assertThat(r.handledAccessNet()).isEqualTo(0x3);
        assertThat(r.scoped()).isZero();
        assertThat(r.attrSize()).isEqualTo(16);
        assertThat(r.enforced()).isTrue();
    }

    @Test
    void case2_groupsExpandAgainstThePolicysAbiThenAreCut() {
        String policy = "{'name':'p','abi':3,'handledAccessFs':['abi.read_write'],'handledAccessNet':[],'scoped':[]}";
        assertThat(compile(policy, Target.NATIVE, 3).ruleset().handledAccessFs()).isEqualTo(0x7FFE);
        assertThat(compile(policy, Target.NATIVE, 1).ruleset().handledAccessFs()).isEqualTo(0x1FFE);
    }

    @Test
    void case3_bestEffortDropsReportsAndKeepsEnforcing() {
        Compilation c = compile("{'name':'p','abi':5,'pathBeneath':[{'paths':['/dev'],'allowedAccess':['read_file','ioctl_dev']}]}",
                Target.NATIVE, 4);
        assertThat(c.refused()).isFalse();
        assertThat(c.enforced()).isTrue();
        assertThat(c.ruleset().pathBeneath()).singleElement()
                .satisfies(rule -> assertThat(rule.allowedAccess()).isEqualTo(0x4));
        assertThat(c.items()).extracting(ReportItem::code, ReportItem::pointer).contains(
                org.assertj.core.groups.Tuple.tuple("handled-dropped", "/handledAccessFs"),
                org.assertj.core.groups.Tuple.tuple("rule-rights-dropped", "/pathBeneath/0/allowedAccess/1"));
        assertThat(c.items()).filteredOn(i -> ReportCode.inexpressible(i.code())).isNotEmpty()
                .allMatch(i -> i.severity() == Severity.WARNING);
    }

    @Test
    void case4_referOnAbi1UnderBestEffortIsDroppedAndExplained() {
        Compilation c = compile("{'name':'p','abi':2,'handledAccessNet':[],'scoped':[],"
                + "'pathBeneath':[{'paths':['/srv'],'allowedAccess':['read_file','refer']}]}", Target.NATIVE, 1);
        assertThat(c.enforced()).isTrue();
        assertThat(c.ruleset().handledAccessFs() & REFER).isZero();
        assertThat(c.ruleset().pathBeneath()).allMatch(rule -> (rule.allowedAccess() & REFER) == 0);
        assertThat(codes(c)).contains("refer-abi1", "rule-rights-dropped");
        assertThat(c.items().stream().filter(i -> i.code().equals("refer-abi1")).findFirst().orElseThrow().message())
                .contains("EXDEV");
    }

    @Test
    void case5_softRequirementEnforcesNothingWhenAnythingIsLost() {
        Compilation c = compile("{'name':'p','abi':5,'compatibility':'soft_requirement'}", Target.NATIVE, 4);
        assertThat(c.refused()).isFalse();
        assertThat(c.enforced()).isFalse();
        assertThat(c.ruleset()).isEqualTo(Ruleset.notEnforced(4));
        assertThat(codes(c)).contains("handled-dropped", "not-enforced");
        // The same policy at an ABI that expresses all of it is enforced.
        assertThat(compile("{'name':'p','abi':5,'compatibility':'soft_requirement'}", Target.NATIVE, 5).enforced()).isTrue();
    }

    @Test
    void case6_hardRequirementRefusesAndListsEveryItem() {
        Compilation c = compile("{'name':'p','compatibility':'hard_requirement'}", Target.NATIVE, 7);
        assertThat(c.refused()).isTrue();
        assertThat(c.output()).isNull();
        // ABI 11's default abi.all: resolve_unix (9), the two UDP rights (10) and no_new_privs is not asked for.
        assertThat(c.items()).extracting(ReportItem::message).anyMatch(m -> m.startsWith("resolve_unix"))
                .anyMatch(m -> m.startsWith("bind_udp")).anyMatch(m -> m.startsWith("connect_send_udp"));
        assertThat(c.items()).filteredOn(i -> ReportCode.inexpressible(i.code())).isNotEmpty()
                .allMatch(i -> i.severity() == Severity.ERROR);
    }

    @Test
    void case7_nothingLeftToEnforce() {
        String netOnly = "{'name':'p','abi':4,'handledAccessFs':[],'scoped':[],'netPort':[{'ports':[443],'allowedAccess':['connect_tcp']}]}";
        Compilation best = compile(netOnly, Target.NATIVE, 3);
        assertThat(best.enforced()).isFalse();
        assertThat(best.refused()).isFalse();
        assertThat(codes(best)).contains("nothing-enforced");
        Compilation hard = compile(netOnly.replace("'abi':4", "'abi':4,'compatibility':'hard_requirement'"), Target.NATIVE, 3);
        assertThat(hard.refused()).isTrue();
    }

    @Test
    void case8_rulesAreCutEmptiedRulesDroppedSamePathsMerged() {
        Compilation c = compile("{'name':'p','abi':5,'pathBeneath':["
                + "{'paths':['/a'],'allowedAccess':['read_file']},"
                + "{'paths':['/b'],'allowedAccess':['ioctl_dev']},"
                + "{'paths':['/a'],'allowedAccess':['write_file'],'ifMissing':'skip'}],"
                + "'netPort':[{'ports':[80,80,443],'allowedAccess':['bind_tcp']}]}", Target.NATIVE, 4);
        assertThat(c.ruleset().pathBeneath()).containsExactly(
                new Ruleset.PathBeneath("/a", 0x6, dev.landlockstudio.compiler.policy.IfMissing.FAIL, false));
        assertThat(c.items()).extracting(ReportItem::code, ReportItem::pointer)
                .contains(org.assertj.core.groups.Tuple.tuple("rule-dropped", "/pathBeneath/1"));
        assertThat(c.ruleset().netPort()).extracting(Ruleset.NetPort::port).containsExactly(80, 443);
    }

    @Test
    void case9_directoryOnlyRightsAreMaskedOnKnownFiles() {
        var policy = Policies.resolve("{'name':'p','abi':7,'pathBeneath':[{'paths':['/etc/hosts','/etc'],"
                + "'allowedAccess':['read_file','read_dir']},{'paths':['/etc/passwd'],'allowedAccess':['read_dir']}]}");
        FsView view = new FsView.Builder().add("/etc", FsView.Type.DIRECTORY).add("/etc/hosts", FsView.Type.FILE)
                .add("/etc/passwd", FsView.Type.FILE).build();
        Compilation c = Compiler.compile(policy, Target.NATIVE, 7, new Compiler.Options(view, null));
        assertThat(c.ruleset().pathBeneath()).extracting(Ruleset.PathBeneath::path, Ruleset.PathBeneath::allowedAccess)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/etc/hosts", 0x4L),
                        org.assertj.core.groups.Tuple.tuple("/etc", 0xCL));
        assertThat(c.items()).extracting(ReportItem::code, ReportItem::pointer, ReportItem::severity).contains(
                org.assertj.core.groups.Tuple.tuple("file-rights-masked", "/pathBeneath/0/paths/0", Severity.INFO),
                org.assertj.core.groups.Tuple.tuple("file-rights-masked", "/pathBeneath/1/paths/0", Severity.INFO));
        // Unknown paths are left for the apply-time mask.
        assertThat(compile("{'name':'p','abi':7,'pathBeneath':[{'paths':['/etc/hosts'],'allowedAccess':['read_dir']}]}",
                Target.NATIVE, 7).ruleset().pathBeneath()).singleElement()
                .satisfies(rule -> assertThat(rule.allowedAccess()).isEqualTo(0x8));
    }

    @Test
    void case10_netScopesFlagsUdpQuietAndNoNewPrivsAreCutLikeRights() {
        String policy = "{'name':'p','abi':11,'quietAccessNet':['bind_udp'],'restrictSelf':['log_new_exec_on','no_new_privs'],"
                + "'netPort':[{'ports':[53],'allowedAccess':['connect_send_udp']},{'ports':[8080],'allowedAccess':['bind_tcp'],'quiet':true}]}";
        assertThat(compile(policy, Target.NATIVE, 3).ruleset().handledAccessNet()).isZero();
        assertThat(compile(policy, Target.NATIVE, 5).ruleset().scoped()).isZero();
        assertThat(compile(policy, Target.NATIVE, 6).ruleset().restrictSelfFlags()).isZero();
        Ruleset at9 = compile(policy, Target.NATIVE, 9).ruleset();
        assertThat(at9.handledAccessNet()).isEqualTo(0x3);
        assertThat(at9.netPort()).extracting(Ruleset.NetPort::port).containsExactly(8080);
        assertThat(at9.quietAccessNet()).isZero();
        Ruleset at10 = compile(policy, Target.NATIVE, 10).ruleset();
        assertThat(at10.quietAccessNet()).isEqualTo(0x4);
        assertThat(at10.netPort()).extracting(Ruleset.NetPort::quiet).containsExactly(false, true);
        assertThat(at10.restrictSelfFlags()).isEqualTo(0x2);
        assertThat(compile(policy, Target.NATIVE, 11).ruleset().restrictSelfFlags()).isEqualTo(0x12);
    }

    @Test
    void case11_attrSizeIsTheSmallestHoldingTheFieldsInUse() {
        String fsOnly = "{'name':'p','handledAccessNet':[],'scoped':[]}";
        assertThat(compile(fsOnly, Target.NATIVE, 11).ruleset().attrSize()).isEqualTo(8);
        String withScopes = "{'name':'p','handledAccessNet':[]}";
        assertThat(compile(withScopes, Target.NATIVE, 11).ruleset().attrSize()).isEqualTo(24);
        assertThat(compile(withScopes, Target.NATIVE, 5).ruleset().attrSize()).isEqualTo(8);
        String quiet = "{'name':'p','quietScoped':['signal']}";
        assertThat(compile(quiet, Target.NATIVE, 10).ruleset().attrSize()).isEqualTo(48);
        assertThat(compile(quiet, Target.NATIVE, 9).ruleset().attrSize()).isEqualTo(24);
    }

    @Test
    void case12_targetVocabulariesAreCutLikeAbis() {
        String policy = "{'name':'p','abi':9,'pathBeneath':[{'paths':['/dev'],'allowedAccess':['read_file','ioctl_dev','resolve_unix']}],"
                + "'netPort':[{'ports':[443],'allowedAccess':['connect_tcp']}]}";
        Ruleset oci = compile(policy, Target.OCI, 9).ruleset();
        assertThat(oci.handledAccessFs()).isEqualTo(0x7FFF);
        assertThat(oci.handledAccessNet()).isEqualTo(0x3);
        assertThat(oci.scoped()).isZero();
        Ruleset go = compile(policy, Target.GO_LANDLOCK, 9).ruleset();
        assertThat(go.handledAccessFs()).isEqualTo(0xFFFF);
        assertThat(go.handledAccessNet()).isZero();
        assertThat(go.netPort()).isEmpty();
        Compilation hard = compile(policy.replace("'abi':9", "'abi':9,'compatibility':'hard_requirement'"), Target.GO_LANDLOCK, 9);
        assertThat(hard.refused()).isTrue();
        assertThat(hard.items()).extracting(ReportItem::message).anyMatch(m -> m.contains("no name in go-landlock"));
    }

    @Test
    void everyItemPointsIntoThePolicy() {
        List<ReportItem> items = compile("{'name':'p','pathBeneath':[{'paths':['/x'],'allowedAccess':['abi.read_write']}]}",
                Target.OCI_1111, 1).items();
        assertThat(items).isNotEmpty().allMatch(i -> i.pointer().isEmpty() || i.pointer().startsWith("/"));
    }
}
