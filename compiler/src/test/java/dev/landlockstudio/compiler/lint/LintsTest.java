package dev.landlockstudio.compiler.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.report.Severity;
import dev.landlockstudio.compiler.testing.CliRun;
import dev.landlockstudio.compiler.testing.Policies;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each lint fires where it should, with its pointer, and stays quiet where it should not. */
class LintsTest {

    private static List<ReportItem> lints(String policy, FsView view) {
        return Lints.of(Policies.resolve(policy), view);
    }

    private static List<ReportItem> lints(String policy) {
        return lints(policy, FsView.empty());
    }

    private static List<ReportItem> withCode(List<ReportItem> items, String code) {
        return items.stream().filter(i -> i.code().equals(code)).toList();
    }

    @Test
    void writeWithoutTruncate() {
        List<ReportItem> items = withCode(lints("{'name':'p','abi':3,'pathBeneath':[{'paths':['/w'],'allowedAccess':['write_file']},"
                + "{'paths':['/m'],'allowedAccess':['make_reg']},{'paths':['/ok'],'allowedAccess':['write_file','truncate']}]}"),
                "write-without-truncate");
        assertThat(items).extracting(ReportItem::pointer).containsExactly("/pathBeneath/0/allowedAccess", "/pathBeneath/1/allowedAccess");
        assertThat(items.get(1).message()).contains("creat(2)");
        assertThat(withCode(lints("{'name':'p','abi':2,'pathBeneath':[{'paths':['/w'],'allowedAccess':['write_file']}]}"),
                "write-without-truncate")).as("truncate is not handled before ABI 3").isEmpty();
    }

    @Test
    void referOnOneSide() {
        List<ReportItem> items = withCode(lints("{'name':'p','pathBeneath':[{'paths':['/a'],'allowedAccess':['make_reg','refer']},"
                + "{'paths':['/b'],'allowedAccess':['make_reg']},{'paths':['/c'],'allowedAccess':['read_file']}]}"), "refer-one-side");
        assertThat(items).extracting(ReportItem::pointer).containsExactly("/pathBeneath/1");
        assertThat(items.get(0).message()).contains("/b", "/a", "EXDEV");
        assertThat(withCode(lints("{'name':'p','pathBeneath':[{'paths':['/b'],'allowedAccess':['make_reg']}]}"), "refer-one-side"))
                .isEmpty();
    }

    @Test
    void neverGrantedButNotRefer() {
        List<ReportItem> items = withCode(lints("{'name':'p','handledAccessFs':['read_file','write_file','refer'],"
                + "'handledAccessNet':['bind_tcp'],'scoped':[],'pathBeneath':[{'paths':['/a'],'allowedAccess':['read_file']}]}"),
                "never-granted");
        assertThat(items).extracting(ReportItem::pointer, ReportItem::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/handledAccessFs/1", Severity.INFO),
                org.assertj.core.groups.Tuple.tuple("/handledAccessNet/0", Severity.INFO));
        assertThat(items.get(0).message()).startsWith("write_file is handled but no rule grants it");
    }

    @Test
    void symlinkRules() {
        FsView view = new FsView.Builder().symlink("/etc/ssl/cert.pem", "/usr/share/ca/cert.pem").build();
        List<ReportItem> items = withCode(lints("{'name':'p','pathBeneath':[{'paths':['/etc/ssl/cert.pem','/etc/resolv.conf'],"
                + "'allowedAccess':['read_file']}]}", view), "symlink-rule");
        assertThat(items).extracting(ReportItem::pointer, ReportItem::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/pathBeneath/0/paths/0", Severity.WARNING),
                org.assertj.core.groups.Tuple.tuple("/pathBeneath/0/paths/1", Severity.INFO));
        assertThat(items.get(0).message()).contains("binds to /usr/share/ca/cert.pem");
        FsView plainFile = new FsView.Builder().add("/etc/resolv.conf", FsView.Type.FILE).build();
        assertThat(withCode(lints("{'name':'p','pathBeneath':[{'paths':['/etc/resolv.conf'],'allowedAccess':['read_file']}]}",
                plainFile), "symlink-rule")).as("the view says it is a plain file").isEmpty();
    }

    @Test
    void directoryRightsOnFiles() {
        FsView view = new FsView.Builder().add("/srv/app.conf", FsView.Type.FILE).add("/srv/data", FsView.Type.DIRECTORY).build();
        List<ReportItem> items = withCode(lints("{'name':'p','pathBeneath':[{'paths':['/srv/app.conf','/srv/data','/dev/null'],"
                + "'allowedAccess':['read_file','read_dir']}]}", view), "directory-rights-on-file");
        assertThat(items).extracting(ReportItem::pointer).containsExactly("/pathBeneath/0/paths/0", "/pathBeneath/0/paths/2");
        assertThat(items.get(0).message()).contains("read_dir only apply to directories", "EINVAL");
    }

    @Test
    void coveredByAncestor() {
        List<ReportItem> items = withCode(lints("{'name':'p','pathBeneath':["
                + "{'paths':['/usr'],'allowedAccess':['abi.read_execute']},"
                + "{'paths':['/usr/lib','/usr-local/lib','/usr'],'allowedAccess':['read_file']},"
                + "{'paths':['/usr/share'],'allowedAccess':['read_file','write_file']},"
                + "{'paths':['/'],'allowedAccess':['read_dir']},{'paths':['/etc/x'],'allowedAccess':['read_dir']}]}"),
                "covered-by-ancestor");
        assertThat(items).extracting(ReportItem::pointer).containsExactlyInAnyOrder("/pathBeneath/1/paths/0",
                "/pathBeneath/4/paths/0");
        assertThat(items).extracting(ReportItem::message).anyMatch(m -> m.startsWith("/usr/lib is already covered by the rule on /usr"));
        assertThat(items).extracting(ReportItem::message).anyMatch(m -> m.startsWith("/etc/x is already covered by the rule on /"));
    }

    @Test
    void overlayLayerRules() {
        FsView view = new FsView.Builder().overlay("/merged", List.of("/layers/lower"), "/layers/upper").build();
        List<ReportItem> items = withCode(lints("{'name':'p','pathBeneath':[{'paths':['/layers/lower/etc','/merged/etc','/layers/upper'],"
                + "'allowedAccess':['read_file']}]}", view), "overlay-layer-rule");
        assertThat(items).extracting(ReportItem::pointer).containsExactly("/pathBeneath/0/paths/0", "/pathBeneath/0/paths/2");
        assertThat(items.get(0).message()).contains("write the rule on the path under /merged");
    }

    @Test
    void networkAndScopes() {
        assertThat(withCode(lints("{'name':'p'}"), "tcp-not-mptcp")).hasSize(1);
        assertThat(withCode(lints("{'name':'p','handledAccessNet':[]}"), "tcp-not-mptcp")).isEmpty();
        assertThat(withCode(lints("{'name':'p','scoped':['abstract_unix_socket']}"), "scope-breaks-ipc")).hasSize(1);
        assertThat(withCode(lints("{'name':'p','scoped':['signal']}"), "scope-breaks-ipc")).isEmpty();
    }

    @Test
    void nothingAtSomeAbi() {
        List<ReportItem> items = withCode(lints("{'name':'p','abi':6,'handledAccessFs':[],'netPort':[{'ports':[443],'allowedAccess':['connect_tcp']}]}"),
                "nothing-at-some-abi");
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(Severity.WARNING);
            assertThat(i.message()).contains("ABI 1 to 3 (Linux 5.13 to 6.2)");
        });
        assertThat(withCode(lints("{'name':'p','abi':6}"), "nothing-at-some-abi")).isEmpty();
    }

    @Test
    void validatePrintsLintsAndStillSucceeds() {
        CliRun run = CliRun.of("validate", TestEnvironment.examplesDir().resolve("network-client.json").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("info [never-granted] /handledAccessFs:");
        assertThat(run.out()).contains("is valid");
    }

    @Test
    void examplesHaveNoWarnings() {
        for (String example : List.of("static-web-server", "python-service", "ci-build-tool", "container-rootfs-overlay", "network-client")) {
            CliRun run = CliRun.of("validate", TestEnvironment.examplesDir().resolve(example + ".json").toString());
            assertThat(run.err()).as(example).doesNotContain("warning");
        }
    }
}
