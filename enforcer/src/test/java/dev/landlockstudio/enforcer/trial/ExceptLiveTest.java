package dev.landlockstudio.enforcer.trial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.except.Excepts;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.host.HostFsView;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * except on the real kernel: a tree of the test's own with an excepted directory and an excepted file, the policy
 * expanded against this host's view of it and tried, every probe as the evaluator predicts; then entries created after
 * the expansion behave as the report warned.
 */
class ExceptLiveTest {

    private Path root;

    @BeforeEach
    void makeTree() throws Exception {
        root = Files.createTempDirectory("landlock-studio-except-test-").toRealPath();
        Files.createDirectories(root.resolve("app/secret"));
        Files.createDirectories(root.resolve("app/bin"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("app/secret/key"), "key");
        Files.writeString(root.resolve("app/config.txt"), "config");
        Files.writeString(root.resolve("app/bin/tool"), "tool");
        Files.writeString(root.resolve("data/notes"), "notes");
        Files.writeString(root.resolve("token.txt"), "token");
    }

    @AfterEach
    void removeTree() throws Exception {
        FileTrees.delete(root);
    }

    private ResolvedPolicy policy() {
        return PolicyReader.read("{\"name\": \"except\", \"handledAccessFs\": [\"read_file\", \"write_file\", \"read_dir\","
                + " \"make_reg\", \"remove_file\"], \"handledAccessNet\": [], \"scoped\": [], \"pathBeneath\": [{\"paths\": [\""
                + root + "\"], \"allowedAccess\": [\"read_file\", \"write_file\", \"read_dir\", \"make_reg\", \"remove_file\"],"
                + " \"except\": [\"" + root + "/app/secret\", \"" + root + "/token.txt\", \"" + root + "/data/later\"]}]}")
                .resolved();
    }

    private String at(String relative) {
        return root + "/" + relative;
    }

    private Map<String, String> tried(Trial trial) throws Exception {
        List<TrialRow> rows = new ArrayList<>();
        Trial.Result result = trial.run(rows::add);
        assertThat(rows).as("every probe as the evaluator predicts").allSatisfy(row -> assertThat(row.match())
                .as(row.spec() + ": expected " + row.expected() + ", kernel " + row.actual()).isTrue());
        assertThat(result).isEqualTo(new Trial.Probed(rows.size(), 0));
        return rows.stream().collect(Collectors.toMap(TrialRow::spec, TrialRow::actual));
    }

    private static AccessRequest read(String path) {
        return AccessRequest.onPath(Operation.READ_FILE, path);
    }

    private static AccessRequest list(String path) {
        return AccessRequest.onPath(Operation.READ_DIR, path);
    }

    @Test
    void theExceptedDirectoryAndFileAreDeniedWhatExistedBesideThemIsAllowedAndTheKernelAgrees() throws Exception {
        EnforcerTestSupport.requireLandlock();
        ResolvedPolicy policy = policy();
        Trial trial = Trial.prepare(policy, new TrialMode.Host(List.of(
                read(at("app/secret/key")), list(at("app/secret")), read(at("token.txt")),
                read(at("app/config.txt")), AccessRequest.onPath(Operation.WRITE_FILE, at("app/config.txt")),
                read(at("app/bin/tool")), list(at("app/bin")), read(at("data/notes")), list(at("data")),
                list(at("app")), list(root.toString()))), null);
        Map<String, String> actual = tried(trial);
        assertThat(actual).containsEntry("read_file:" + at("app/secret/key"), "EACCES")
                .containsEntry("read_dir:" + at("app/secret"), "EACCES")
                .containsEntry("read_file:" + at("token.txt"), "EACCES")
                .containsEntry("read_file:" + at("app/config.txt"), "allowed")
                .containsEntry("write_file:" + at("app/config.txt"), "allowed")
                .containsEntry("read_file:" + at("app/bin/tool"), "allowed")
                .containsEntry("read_dir:" + at("app/bin"), "allowed")
                .containsEntry("read_file:" + at("data/notes"), "allowed")
                .containsEntry("read_dir:" + at("data"), "allowed")
                // The way down to an excepted path gets no rule itself: listing it is denied, as the report says.
                .containsEntry("read_dir:" + at("app"), "EACCES")
                .containsEntry("read_dir:" + root, "EACCES");
    }

    @Test
    void entriesCreatedAfterTheExpansionBehaveAsTheReportWarned() throws Exception {
        EnforcerTestSupport.requireLandlock();
        ResolvedPolicy policy = policy();
        FsView view = HostFsView.of(List.of(root.toString()), Excepts.directoriesToList(policy));
        Compilation compiled = Compiler.compile(policy, Target.NATIVE, EnforcerTestSupport.abi(), new Compiler.Options(view, null));
        List<ReportItem> notCovered = compiled.items().stream()
                .filter(i -> i.code().equals(ReportCode.EXCEPT_NOT_COVERED.code())).toList();
        assertThat(notCovered).anySatisfy(i -> assertThat(i.message()).contains(root + ", " + at("app"),
                "created there later is not covered and is denied"));
        assertThat(compiled.items()).anySatisfy(i -> {
            assertThat(i.code()).isEqualTo(ReportCode.EXCEPT_MISSING.code());
            assertThat(i.message()).contains(at("data/later"), "still covers " + at("data"), "if created later, is allowed");
        });

        Trial trial = Trial.prepare(policy, new TrialMode.Host(List.of(read(at("app/new.txt")), read(at("new.txt")),
                read(at("data/later")), read(at("app/config.txt")))), null);
        // Made after the policy was expanded, as a program would later.
        Files.writeString(root.resolve("app/new.txt"), "beside the excepted path");
        Files.writeString(root.resolve("new.txt"), "beside the excepted file");
        Files.writeString(root.resolve("data/later"), "the missing excepted path");
        Map<String, String> actual = tried(trial);
        assertThat(actual).containsEntry("read_file:" + at("app/new.txt"), "EACCES")
                .containsEntry("read_file:" + at("new.txt"), "EACCES")
                .containsEntry("read_file:" + at("data/later"), "allowed")
                .containsEntry("read_file:" + at("app/config.txt"), "allowed");
    }

    @Test
    void aScratchTrialLaysOutTheExceptPathsAndEveryGeneratedProbeAgreesWithTheEvaluator() throws Exception {
        EnforcerTestSupport.requireLandlock();
        ResolvedPolicy policy = PolicyReader.read("{\"name\": \"scratch\", \"handledAccessNet\": [], \"scoped\": [],"
                + " \"pathBeneath\": [{\"paths\": [\"/srv\"], \"allowedAccess\": [\"abi.read_write\"],"
                + " \"except\": [\"/srv/app/secret\"]}, {\"paths\": [\"/srv/app/other\"], \"allowedAccess\": [\"read_file\"]}]}")
                .resolved();
        Trial trial = Trial.prepare(policy, new TrialMode.Scratch(null), null);
        Map<String, String> actual = tried(trial);
        assertThat(actual).containsEntry("read_dir:/srv/app/secret", "EACCES")
                .containsEntry("make_reg:/srv/app/secret/probe", "EACCES")
                .containsEntry("make_reg:/srv/probe", "EACCES")
                .containsEntry("read_file:/srv/app/other/probe", "allowed")
                .containsEntry("write_file:/srv/app/other/probe", "allowed");
    }
}
