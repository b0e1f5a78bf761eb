package dev.landlockstudio.compiler.formats.landrun;

import static dev.landlockstudio.compiler.testing.Policies.codes;
import static dev.landlockstudio.compiler.testing.Policies.compile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.report.ReportItem;
import org.junit.jupiter.api.Test;

/** What lowering does for landrun: kinds handled whole or not at all, its strict ABI, one --ignore-missing for all. */
class LandrunTargetTest {

    @Test
    void aKindThePolicyTouchesIsHandledWholeAndAKindItLeavesIsUnrestricted() {
        Compilation c = compile("{'name':'p','abi':10,'handledAccessFs':['read_file','read_dir'],"
                + "'handledAccessNet':['bind_tcp','bind_udp'],'scoped':[],"
                + "'pathBeneath':[{'paths':['/etc'],'allowedAccess':['read_file','read_dir']}],"
                + "'netPort':[{'ports':[8080],'allowedAccess':['bind_tcp']}]}", Target.LANDRUN, 10);
        assertThat(c.ruleset().handledAccessFs()).isEqualTo(0x1FFFF);
        assertThat(c.ruleset().handledAccessNet()).isEqualTo(0x3);
        assertThat(c.ruleset().scoped()).isZero();
        assertThat(c.items()).extracting(ReportItem::code, ReportItem::pointer).contains(
                tuple("handled-added", "/handledAccessFs"), tuple("handled-added", "/handledAccessNet"),
                tuple("handled-dropped", "/handledAccessNet/1"));
        assertThat(c.output()).isEqualTo("landrun --best-effort --unrestricted-scoped --ro /etc --bind-tcp 8080 --\n");
    }

    @Test
    void withoutBestEffortLandrunRefusesKernelsBelowAbi9() {
        String policy = "{'name':'p','abi':7,'compatibility':'hard_requirement','handledAccessNet':[],'scoped':[]}";
        Compilation at7 = compile(policy, Target.LANDRUN, 7);
        assertThat(at7.refused()).isFalse();
        assertThat(at7.items()).filteredOn(i -> i.code().equals("tool-needs-abi")).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("refuses to run the command on a kernel of ABI 7"));
        assertThat(at7.output()).startsWith("landrun --unrestricted-network").doesNotContain("--best-effort");
        assertThat(codes(compile(policy, Target.LANDRUN, 9))).doesNotContain("tool-needs-abi");
        assertThat(codes(compile(policy.replace("hard_requirement", "best_effort"), Target.LANDRUN, 7)))
                .doesNotContain("tool-needs-abi");
    }

    @Test
    void aWritableDirectoryAsksForReferSoAtAbi1LandrunAppliesNothing() {
        String policy = "{'name':'p','abi':2,'handledAccessNet':[],'scoped':[],"
                + "'pathBeneath':[{'paths':['/usr'],'allowedAccess':['abi.read_execute']},"
                + "{'paths':['/tmp'],'allowedAccess':['abi.read_write']}]}";
        Compilation at1 = compile(policy, Target.LANDRUN, 1);
        assertThat(at1.enforced()).isFalse();
        assertThat(at1.items()).filteredOn(i -> i.code().equals("nothing-enforced")).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("refer on /tmp"));
        assertThat(at1.output()).isEqualTo("landrun --best-effort --unrestricted-filesystem --unrestricted-network"
                + " --unrestricted-scoped --\n");
        // Read-only directories ask for no refer; from ABI 2 a writable one gets it.
        assertThat(compile(policy.replace(",{'paths':['/tmp'],'allowedAccess':['abi.read_write']}", ""), Target.LANDRUN, 1)
                .enforced()).isTrue();
        assertThat(compile(policy, Target.LANDRUN, 2).output()).contains("--rw /tmp");
    }

    @Test
    void ignoreMissingIsWrittenOnlyWhenEveryRuleSkips() {
        String both = "{'name':'p','abi':9,'pathBeneath':[{'paths':['/opt/a'],'allowedAccess':['abi.read_execute'],'ifMissing':'skip'},"
                + "{'paths':['/srv'],'allowedAccess':['abi.read_execute']%s}]}";
        Compilation mixed = compile(both.formatted(""), Target.LANDRUN, 9);
        assertThat(mixed.items()).extracting(ReportItem::code, ReportItem::pointer)
                .contains(tuple("if-missing-fixed", "/pathBeneath/0"));
        assertThat(mixed.output()).doesNotContain("--ignore-missing");
        Compilation skipping = compile(both.formatted(",'ifMissing':'skip'"), Target.LANDRUN, 9);
        assertThat(codes(skipping)).doesNotContain("if-missing-fixed");
        assertThat(skipping.output()).contains("--ignore-missing");
    }
}
