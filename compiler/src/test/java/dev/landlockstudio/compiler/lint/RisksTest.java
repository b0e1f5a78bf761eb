package dev.landlockstudio.compiler.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.JsonSchemas;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.report.Severity;
import dev.landlockstudio.compiler.report.JsonPatch;
import dev.landlockstudio.compiler.testing.Policies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each risk fires where it should, and applying its fix leaves a valid policy without it. */
class RisksTest {

    private static List<ReportItem> lints(String json) {
        return Lints.of(Policies.resolve(json), FsView.empty());
    }

    private static List<ReportItem> withCode(String json, String code) {
        return lints(json).stream().filter(i -> i.code().equals(code)).toList();
    }

    /** Applies the fix of the one item of {@code code} at {@code pointer}, and checks that it is gone. */
    private static String fixed(String json, String code, String pointer) {
        List<ReportItem> found = withCode(json, code).stream().filter(i -> i.pointer().equals(pointer)).toList();
        assertThat(found).as(code + " at " + pointer).hasSize(1);
        assertThat(found.get(0).fix()).as("a fix").isNotNull();
        String patched = JsonPatch.apply(json.replace('\'', '"'), found.get(0).fix());
        assertThat(withCode(patched, code)).as("after " + found.get(0).fix().label() + ": " + patched)
                .noneMatch(i -> i.pointer().equals(pointer) && i.message().equals(found.get(0).message()));
        return patched;
    }

    @Test
    void broadGrantsOfWritingAndTheirFix() {
        String policy = "{'name':'p','abi':7,'handledAccessFs':['read_file','write_file','make_reg','read_dir'],'pathBeneath':["
                + "{'paths':['/etc'],'allowedAccess':['read_file','write_file']},"
                + "{'paths':['/srv','/'],'allowedAccess':['read_file','make_reg']},"
                + "{'paths':['/home'],'allowedAccess':['read_file','read_dir']},"
                + "{'paths':['/dev'],'allowedAccess':['write_file']}]}";
        List<ReportItem> items = withCode(policy, "broad-grant");
        assertThat(items).extracting(ReportItem::pointer).containsExactly("/pathBeneath/0/paths/0", "/pathBeneath/1/paths/1",
                "/pathBeneath/3/paths/0");
        assertThat(items).extracting(ReportItem::severity).containsOnly(Severity.WARNING);
        assertThat(items.get(1).message()).startsWith("make_reg is granted on / ").contains("the whole system");

        String etc = fixed(policy, "broad-grant", "/pathBeneath/0/paths/0");
        assertThat(Json.parse(etc).at("/pathBeneath/0/allowedAccess").toString()).isEqualTo("[\"read_file\"]");
        String root = fixed(policy, "broad-grant", "/pathBeneath/1/paths/1");
        assertThat(Json.parse(root).at("/pathBeneath/1/paths").toString()).as("/srv keeps its rights").isEqualTo("[\"/srv\"]");
        assertThat(Json.parse(root).at("/pathBeneath/4").toString()).isEqualTo("{\"paths\":[\"/\"],\"allowedAccess\":[\"read_file\"]}");
        String dev = fixed(policy, "broad-grant", "/pathBeneath/3/paths/0");
        assertThat(Json.parse(dev).at("/pathBeneath").size()).as("nothing left: the rule goes").isEqualTo(3);
    }

    @Test
    void writeAndExecuteOnOneTree() {
        String policy = "{'name':'p','abi':7,'handledAccessFs':['read_file','write_file','execute','make_reg'],'pathBeneath':["
                + "{'paths':['/opt/app'],'allowedAccess':['read_file','execute']},"
                + "{'paths':['/opt/app/plugins'],'allowedAccess':['make_reg']},"
                + "{'paths':['/opt/app/plugins/x'],'allowedAccess':['write_file']},"
                + "{'paths':['/scratch'],'allowedAccess':['read_file','write_file','execute']},"
                + "{'paths':['/data'],'allowedAccess':['read_file','write_file']}]}";
        List<ReportItem> items = withCode(policy, "write-and-execute");
        assertThat(items).extracting(ReportItem::pointer).as("once per tree, where it starts")
                .containsExactly("/pathBeneath/1/paths/0", "/pathBeneath/3/paths/0");
        assertThat(items.get(0).message()).contains("created and executed", "ancestors");
        assertThat(items).extracting(ReportItem::severity).as("a build tool does this on purpose").containsOnly(Severity.INFO);
        assertThat(items.get(0).fix()).as("the rights come from two rules: no mechanical fix").isNull();
        String patched = fixed(policy, "write-and-execute", "/pathBeneath/3/paths/0");
        assertThat(Json.parse(patched).at("/pathBeneath/3/allowedAccess").toString()).isEqualTo("[\"write_file\",\"read_file\"]");
    }

    @Test
    void rightsThatAreNotHandledAreAllowedEverywhere() {
        String policy = "{'name':'p','abi':6,'handledAccessFs':['read_file','write_file'],'handledAccessNet':[],'scoped':['signal'],"
                + "'pathBeneath':[{'paths':['/usr'],'allowedAccess':['read_file']}]}";
        List<ReportItem> items = withCode(policy, "not-handled");
        assertThat(items).extracting(ReportItem::pointer, ReportItem::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/handledAccessFs", Severity.WARNING),
                org.assertj.core.groups.Tuple.tuple("/handledAccessNet", Severity.INFO),
                org.assertj.core.groups.Tuple.tuple("/scoped", Severity.WARNING));
        assertThat(items.get(0).message()).startsWith("execute, read_dir,").doesNotContain("refer").contains("allowed everywhere");
        assertThat(items.get(1).message()).startsWith("bind_tcp, connect_tcp are not handled");
        String patched = fixed(policy, "not-handled", "/handledAccessFs");
        assertThat(Json.parse(patched).at("/handledAccessFs").size()).isEqualTo(15);
        fixed(policy, "not-handled", "/handledAccessNet");
        fixed(policy, "not-handled", "/scoped");
        assertThat(withCode("{'name':'p','abi':7,'pathBeneath':[{'paths':['/usr'],'allowedAccess':['read_file']}]}", "not-handled"))
                .as("handled lists omitted: everything is handled").isEmpty();
    }

    @Test
    void noNewPrivsAndTsyncWhereTheAbiHasThem() {
        String abi11 = "{'name':'p','abi':11,'pathBeneath':[{'paths':['/usr'],'allowedAccess':['read_file']}]}";
        assertThat(withCode(abi11, "no-new-privs")).extracting(ReportItem::pointer).containsExactly("/restrictSelf");
        assertThat(withCode(abi11, "no-tsync")).hasSize(1);
        String withNnp = fixed(abi11, "no-new-privs", "/restrictSelf");
        assertThat(Json.parse(withNnp).at("/restrictSelf").toString()).isEqualTo("[\"no_new_privs\"]");
        String withBoth = fixed(withNnp, "no-tsync", "/restrictSelf");
        assertThat(Json.parse(withBoth).at("/restrictSelf").toString()).isEqualTo("[\"no_new_privs\",\"tsync\"]");
        assertThat(withCode(withBoth, "no-new-privs")).isEmpty();

        String abi8 = "{'name':'p','abi':8,'restrictSelf':['log_new_exec_on'],'pathBeneath':[{'paths':['/usr'],'allowedAccess':['read_file']}]}";
        assertThat(withCode(abi8, "no-new-privs")).as("no_new_privs needs ABI 11").isEmpty();
        assertThat(withCode(abi8, "no-tsync").get(0).message()).contains("other threads stay unrestricted");
        assertThat(Json.parse(fixed(abi8, "no-tsync", "/restrictSelf")).at("/restrictSelf").toString())
                .isEqualTo("[\"log_new_exec_on\",\"tsync\"]");
        assertThat(withCode(abi8.replace("'abi':8", "'abi':7"), "no-tsync")).as("tsync needs ABI 8").isEmpty();
    }

    @Test
    void errataOfTheAbi() {
        String abi4 = "{'name':'p','abi':4,'handledAccessNet':['connect_tcp'],'pathBeneath':[{'paths':['/usr'],'allowedAccess':['read_file']}]}";
        assertThat(withCode(abi4, "erratum")).extracting(ReportItem::pointer).containsExactly("/handledAccessNet");
        assertThat(withCode(abi4, "erratum").get(0).message()).startsWith("erratum 1").contains("MPTCP");
        assertThat(withCode(abi4.replace("'abi':4", "'abi':5"), "erratum")).isEmpty();

        String abi6 = "{'name':'p','abi':6,'scoped':['signal'],'pathBeneath':[{'paths':['/usr'],'allowedAccess':['read_file']}]}";
        assertThat(withCode(abi6, "erratum")).extracting(ReportItem::pointer).containsExactly("/scoped");
        assertThat(withCode(abi6, "erratum").get(0).message()).startsWith("erratum 2").contains("threads");
        assertThat(withCode(abi6.replace("'signal'", "'abstract_unix_socket'"), "erratum")).isEmpty();

        // A rename out of a directory that leaves a whiteout needs make_reg there on fixed kernels; creating devices does not.
        String whiteouts = "{'name':'p','abi':11,'pathBeneath':[{'paths':['/var/lib/upper'],'allowedAccess':['read_dir','remove_file']},"
                + "{'paths':['/dev/shm'],'allowedAccess':['remove_file','make_reg']},{'paths':['/dev/x'],'allowedAccess':['make_char']}]}";
        assertThat(withCode(whiteouts, "erratum")).extracting(ReportItem::pointer).containsExactly("/pathBeneath/0/allowedAccess");
        assertThat(withCode(whiteouts, "erratum").get(0).message()).startsWith("erratum 4").contains("RENAME_WHITEOUT");
        String patched = fixed(whiteouts, "erratum", "/pathBeneath/0/allowedAccess");
        assertThat(Json.parse(patched).at("/pathBeneath/0/allowedAccess").toString()).isEqualTo("[\"read_dir\",\"remove_file\",\"make_reg\"]");
    }

    @Test
    void tcpWithoutMptcpStaysOneItem() {
        String policy = "{'name':'p','abi':7,'handledAccessNet':['bind_tcp'],'netPort':[{'ports':[80],'allowedAccess':['bind_tcp']}]}";
        assertThat(withCode(policy, "tcp-not-mptcp")).hasSize(1);
    }

    @Test
    void fixesAreSerializedAsTheReportSchemaSays() {
        String policy = "{'name':'p','abi':11,'handledAccessFs':['read_file','write_file'],'pathBeneath':[{'paths':['/etc'],"
                + "'allowedAccess':['read_file','write_file']}]}";
        Map<String, Object> report = Map.of("target", "native", "abi", 11, "enforced", true, "items", lints(policy));
        assertThat(JsonSchemas.validate("report.schema.json", Json.parse(Json.write(report)))).isEmpty();
        assertThat(Json.write(lints(policy)).replace(" ", "")).contains("\"op\":\"replace\"").doesNotContain("\"fix\":null");
    }
}
