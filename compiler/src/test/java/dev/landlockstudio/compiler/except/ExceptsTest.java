package dev.landlockstudio.compiler.except;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.explain.Explanation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.fs.FsViewReader;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.matrix.Matrix;
import dev.landlockstudio.compiler.picture.Picture;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.problem.Problem;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.report.Severity;
import dev.landlockstudio.compiler.testing.Policies;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** except paths: checked where written, expanded against a view into rules the kernel has, explained as denied. */
class ExceptsTest {

    private static final long READ_WRITE = AbiTable.mask(RightKind.FS, 7) & ~bit("execute");
    private static final long FILE_RIGHTS = READ_WRITE & AbiTable.fileRights();

    /** /srv holds app (with secret, bin, config.txt), data, readme and a symlink out of the tree. */
    private static final FsView SRV = new FsView.Builder()
            .add("/srv", FsView.Type.DIRECTORY)
            .add("/srv/app", FsView.Type.DIRECTORY)
            .add("/srv/app/secret", FsView.Type.DIRECTORY)
            .add("/srv/app/secret/key", FsView.Type.FILE)
            .add("/srv/app/bin", FsView.Type.DIRECTORY)
            .add("/srv/app/config.txt", FsView.Type.FILE)
            .add("/srv/data", FsView.Type.DIRECTORY)
            .add("/srv/readme", FsView.Type.FILE)
            .symlink("/srv/etc", "/etc")
            .add("/opt", FsView.Type.DIRECTORY)
            .add("/opt/tool", FsView.Type.DIRECTORY)
            .add("/opt/tool/private.pem", FsView.Type.FILE)
            .add("/opt/tool/run", FsView.Type.FILE)
            .build();

    /** Everything but execute on /srv, except /srv/app/secret (rule #2, after one on /usr). */
    private static final String SECRET = policy("{'paths':['/srv'],'allowedAccess':['abi.read_write'],"
            + "'except':['/srv/app/secret']}");

    private static long bit(String right) {
        return AbiTable.right(RightKind.FS, right).orElseThrow().value();
    }

    private static String policy(String rule) {
        return "{'name':'p','abi':7,'handledAccessFs':['abi.all'],'handledAccessNet':[],'scoped':[],"
                + "'pathBeneath':[{'paths':['/usr'],'allowedAccess':['abi.read_execute']}," + rule + "]}";
    }

    private static Compilation compile(String policy, FsView view) {
        return Compiler.compile(Policies.resolve(policy), Target.NATIVE, 7, new Compiler.Options(view, null));
    }

    /** The ruleset's rules other than the /usr one, path to rights. */
    private static Map<String, Long> rules(Compilation compilation) {
        Map<String, Long> rules = new TreeMap<>();
        compilation.ruleset().pathBeneath().stream().filter(r -> !r.path().equals("/usr"))
                .forEach(r -> rules.put(r.path(), r.allowedAccess()));
        return rules;
    }

    private static List<ReportItem> items(Compilation compilation, ReportCode code) {
        return compilation.items().stream().filter(i -> i.code().equals(code.code())).toList();
    }

    @Test
    void anExceptedDirectoryLeavesItsWayWithoutARuleAndEveryEntryBesideItWithTheRulesRights() {
        Compilation compiled = compile(SECRET, SRV);

        // Directories keep every right; files keep only file rights; the symlink gets none (it would bind to /etc).
        assertThat(rules(compiled)).containsExactly(
                Map.entry("/srv/app/bin", READ_WRITE),
                Map.entry("/srv/app/config.txt", FILE_RIGHTS),
                Map.entry("/srv/data", READ_WRITE),
                Map.entry("/srv/readme", FILE_RIGHTS));
        assertThat(FILE_RIGHTS).isNotEqualTo(READ_WRITE);

        ReportItem expanded = items(compiled, ReportCode.EXCEPT_EXPANDED).stream()
                .filter(i -> i.pointer().equals("/pathBeneath/1/paths/0")).findFirst().orElseThrow();
        assertThat(expanded.message()).contains("rule #2", "/srv/app/bin", "/srv/app/config.txt", "/srv/data", "/srv/readme",
                "are not directories", "make_dir");
        assertThat(items(compiled, ReportCode.EXCEPT_EXPANDED)).anySatisfy(i -> assertThat(i.message())
                .contains("/srv/etc is a symlink (to /etc)", "no rule"));
        ReportItem warning = items(compiled, ReportCode.EXCEPT_NOT_COVERED).get(0);
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.pointer()).isEqualTo("/pathBeneath/1/except/0");
        assertThat(warning.message()).contains("/srv, /srv/app", "created there later", "denied");
    }

    @Test
    void theEvaluatorDeniesTheExceptedSubtreeTheWayAndWhatIsCreatedLaterAndAllowsWhatExistedBeside() {
        ResolvedPolicy policy = Policies.resolve(SECRET);
        Ruleset ruleset = Compiler.compile(policy, Target.NATIVE, 7, new Compiler.Options(SRV, null)).ruleset();
        Evaluator evaluator = new Evaluator(List.of(ruleset), SRV);

        assertThat(evaluator.decide(AccessRequest.onPath(Operation.READ_FILE, "/srv/app/secret/key")).allowed()).isFalse();
        assertThat(evaluator.decide(AccessRequest.onPath(Operation.READ_DIR, "/srv/app/secret")).allowed()).isFalse();
        assertThat(evaluator.decide(AccessRequest.onPath(Operation.READ_DIR, "/srv/app")).allowed()).isFalse();
        assertThat(evaluator.decide(AccessRequest.onPath(Operation.MAKE_REG, "/srv/app/new")).allowed()).isFalse();
        assertThat(evaluator.decide(AccessRequest.onPath(Operation.READ_FILE, "/srv/app/config.txt")).allowed()).isTrue();
        assertThat(evaluator.decide(AccessRequest.onPath(Operation.MAKE_REG, "/srv/data/new")).allowed()).isTrue();
        assertThat(evaluator.decide(AccessRequest.onPath(Operation.READ_FILE, "/srv/readme")).allowed()).isTrue();

        Explanation secret = Explanation.of(policy, 7, SRV, AccessRequest.onPath(Operation.READ_FILE, "/srv/app/secret/key"))
                .orElseThrow();
        assertThat(secret.decision().allowed()).isFalse();
        assertThat(secret.lines()).anySatisfy(line -> assertThat(line).contains("/srv/app/secret/key is beneath"
                + " /srv/app/secret, excepted from rule #2 (/pathBeneath/1/except/0)"));
        assertThat(secret.lines().get(secret.lines().size() - 1)).startsWith("Decision: denied");
        Explanation later = Explanation.of(policy, 7, SRV, AccessRequest.onPath(Operation.READ_FILE, "/srv/app/later"))
                .orElseThrow();
        assertThat(later.decision().allowed()).isFalse();
        assertThat(later.lines()).anySatisfy(line -> assertThat(line).contains("/srv/app/later is not in the filesystem"
                + " view", "not one created later"));
    }

    @Test
    void thePictureShowsTheExceptedPathDeniedAndWhy() {
        ResolvedPolicy policy = Policies.resolve(SECRET);
        Picture picture = Picture.of(policy, 7, SRV).orElseThrow();
        Picture.Node srv = picture.tree().children().stream().filter(n -> n.path().equals("/srv")).findFirst().orElseThrow();
        Picture.Node secret = srv.children().get(0).children().get(0);
        assertThat(secret.path()).isEqualTo("/srv/app/secret");
        assertThat(secret.excepted()).contains("excepted from rule #2");
        assertThat(secret.rules()).isEmpty();
        assertThat(secret.chips()).isNotEmpty().allSatisfy(chip -> assertThat(chip.state().name()).isEqualTo("DENIED"));
        assertThat(srv.rules()).containsExactly("/pathBeneath/1");
        assertThat(srv.excepted()).contains("holds /srv/app/secret");
    }

    @Test
    void anExceptBeneathAnotherAddsNothingAndSeveralPathsExpandEachOnItsOwn() {
        Compilation compiled = compile(policy("{'paths':['/srv','/opt'],'allowedAccess':['abi.read_write'],"
                + "'except':['/srv/app','/srv/app/secret','/opt/tool/private.pem']}"), SRV);
        assertThat(rules(compiled)).containsExactly(
                Map.entry("/opt/tool/run", FILE_RIGHTS),
                Map.entry("/srv/data", READ_WRITE),
                Map.entry("/srv/readme", FILE_RIGHTS));
        assertThat(items(compiled, ReportCode.EXCEPT_NOT_COVERED)).extracting(ReportItem::pointer)
                .containsExactlyInAnyOrder("/pathBeneath/1/except/0", "/pathBeneath/1/except/2");
    }

    @Test
    void aPathWithoutExceptsBeneathItKeepsItsRule() {
        Compilation compiled = compile(policy("{'paths':['/srv','/var/log'],'allowedAccess':['abi.read_write'],"
                + "'except':['/srv/app/secret']}"), SRV);
        assertThat(rules(compiled)).containsEntry("/var/log", READ_WRITE).doesNotContainKey("/srv");
    }

    @Test
    void anExceptedFileIsLeftOutAndItsSiblingsKeepFileRights() {
        Compilation compiled = compile(policy("{'paths':['/opt/tool'],'allowedAccess':['read_file','write_file','read_dir'],"
                + "'except':['/opt/tool/private.pem']}"), SRV);
        assertThat(rules(compiled)).containsExactly(Map.entry("/opt/tool/run", bit("read_file") | bit("write_file")));
    }

    @Test
    void aMissingExceptExcludesNothingAndTheReportSaysItWillBeAllowedIfCreated() {
        Compilation compiled = compile(policy("{'paths':['/srv'],'allowedAccess':['abi.read_write'],"
                + "'except':['/srv/data/cache/tmp']}"), SRV);
        assertThat(rules(compiled)).containsExactly(Map.entry("/srv", READ_WRITE));
        ReportItem missing = items(compiled, ReportCode.EXCEPT_MISSING).get(0);
        assertThat(missing.pointer()).isEqualTo("/pathBeneath/1/except/0");
        assertThat(missing.message()).contains("rule #2 still covers /srv", "if created later, is allowed");
    }

    @Test
    void aMissingExceptInADirectoryOnAnothersWayIsDeniedIfCreated() {
        Compilation compiled = compile(policy("{'paths':['/srv'],'allowedAccess':['abi.read_write'],"
                + "'except':['/srv/app/secret','/srv/app/later']}"), SRV);
        assertThat(items(compiled, ReportCode.EXCEPT_MISSING).get(0).message()).contains("/srv/app holds another excepted"
                + " path", "if created later, is denied");
    }

    @Test
    void aSymlinkOnTheWayIsAnErrorAtTheExcept() {
        FsView view = new FsView.Builder().add("/srv", FsView.Type.DIRECTORY).symlink("/srv/app", "/data/app")
                .add("/data/app/secret", FsView.Type.DIRECTORY).add("/data/app/other", FsView.Type.DIRECTORY).build();
        List<Problem> problems = Policies.problems(() -> compile(policy("{'paths':['/srv'],'allowedAccess':['read_file'],"
                + "'except':['/srv/app/secret']}"), view));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/pathBeneath/1/except/0");
            assertThat(p.message()).contains("/srv/app leads to /data/app through a symlink", "write the rule on /data/app");
        });
    }

    @Test
    void withoutAViewExceptIsAnErrorThatSaysHowToGiveOneEverywhereTheRulesetIsMade() {
        ResolvedPolicy policy = Policies.resolve(policy("{'paths':['/srv'],'allowedAccess':['read_file'],"
                + "'except':['/srv/app']}"));
        for (Runnable call : List.<Runnable>of(
                () -> Compiler.compile(policy, Target.OCI, 7),
                () -> Compiler.lower(policy, 7),
                () -> Picture.of(policy, 7),
                () -> Matrix.of(policy))) {
            assertThat(Policies.problems(call)).singleElement().satisfies(p -> {
                assertThat(p.pointer()).isEqualTo("/pathBeneath/1/except/0");
                assertThat(p.message()).contains("give a filesystem view", "--fs-view FILE", "--host-view");
            });
        }
    }

    @Test
    void aViewFileExpandsTheSameWay() {
        FsView view = FsViewReader.read("{\"entries\": {\"/srv/a\": \"directory\", \"/srv/a/x\": \"directory\","
                + " \"/srv/b\": \"file\"}}");
        Compilation compiled = compile(policy("{'paths':['/srv'],'allowedAccess':['read_file','read_dir'],"
                + "'except':['/srv/a/x']}"), view);
        assertThat(rules(compiled)).containsExactly(Map.entry("/srv/b", bit("read_file")));
    }

    @Test
    void exceptPathsAreCheckedWhereTheyAreWritten() {
        List<Problem> problems = Policies.problems(() -> PolicyReader.read(policy("{'paths':['/srv','/opt'],"
                + "'allowedAccess':['read_file'],'except':['relative','/srv/../etc','/srv/','/etc/passwd','/srv/ok','/opt/a/']}")
                .replace('\'', '"')));
        assertThat(problems).extracting(Problem::pointer).containsExactly("/pathBeneath/1/except/0",
                "/pathBeneath/1/except/1", "/pathBeneath/1/except/2", "/pathBeneath/1/except/3");
        assertThat(problems.get(0).message()).contains("relative");
        assertThat(problems.get(1).message()).contains("write the path itself");
        assertThat(problems.get(2).message()).contains("is one of the rule's paths", "strictly beneath");
        assertThat(problems.get(3).message()).contains("not beneath any of the rule's paths (/srv, /opt)");
    }

    @Test
    void aTrailingSlashIsAllowedAsOnRulePathsAndExpandsLikeThePathWithoutIt() {
        Compilation compiled = compile(policy("{'paths':['/opt/'],'allowedAccess':['read_file','read_dir'],"
                + "'except':['/opt/tool/private.pem/']}"), SRV);
        assertThat(rules(compiled)).containsExactly(Map.entry("/opt/tool/run", bit("read_file")));
    }

    @Test
    void theSchemaRefusesAnEmptyOrNonStringExceptAtItsPointer() {
        assertThat(Policies.problems(() -> PolicyReader.read(policy("{'paths':['/srv'],'allowedAccess':['read_file'],"
                + "'except':[]}").replace('\'', '"')))).extracting(Problem::pointer).containsExactly("/pathBeneath/1/except");
        assertThat(Policies.problems(() -> PolicyReader.read(policy("{'paths':['/srv'],'allowedAccess':['read_file'],"
                + "'except':[3]}").replace('\'', '"')))).extracting(Problem::pointer).containsExactly("/pathBeneath/1/except/0");
    }
}
