package dev.landlockstudio.enforcer.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * landlock-facts.md §2.6 with a real OverlayFS mount of a small rootfs: a rule on merged governs merged (copy-up
 * writes included) and nothing on the layers; a rule on a layer grants nothing through merged. The kernel's answers
 * are checked against the evaluator, and no mount is left behind.
 */
class OverlayFactsTest {

    @TempDir
    static Path dir;
    static Path lower;

    @BeforeAll
    static void rootfs() throws Exception {
        EnforcerTestSupport.requireLandlockAndMounts();
        lower = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(lower.resolve("etc"));
        Files.createDirectories(lower.resolve("app/data"));
        Files.writeString(lower.resolve("etc/app.conf"), "setting=1\n");
        Files.writeString(lower.resolve("app/data/state"), "state\n");
        ProbeRunner.run(AccessRequest.onPath(Operation.READ_DIR, lower.toString()));
    }

    private static Ruleset rules(String... paths) {
        String policy = "{\"name\": \"o\", \"abi\": 4, \"handledAccessNet\": [], \"pathBeneath\": [{\"paths\": "
                + Json.MAPPER.writeValueAsString(List.of(paths)) + ", \"allowedAccess\": [\"read_file\", \"read_dir\","
                + " \"write_file\", \"truncate\", \"make_reg\", \"remove_file\"]}]}";
        return Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, 4).ruleset();
    }

    /** The kernel's answer, checked against the evaluator given the mount in its view. */
    private static String tryIt(OverlayMount mount, Ruleset ruleset, AccessRequest request) throws Exception {
        ProbeRunner.Outcome outcome = RestrictedThread.run(ruleset, () -> ProbeRunner.run(request)).value();
        String actual = outcome.result() == ProbeRunner.Result.ALLOWED ? "allowed" : outcome.errno();
        FsView view = new FsView.Builder().overlay(mount.merged().toString(), List.of(mount.lower().toString()),
                mount.upper().toString()).build();
        var predicted = new Evaluator(List.of(ruleset), view).decide(request);
        assertThat(actual).as("%s: evaluator says %s", request, predicted.reason())
                .isEqualTo(predicted.outcome());
        return actual;
    }

    @Test
    void aRuleOnMergedGovernsMergedIncludingCopyUpAndNotTheLayers() throws Exception {
        try (OverlayMount mount = OverlayMount.of(lower)) {
            Ruleset onMerged = rules(mount.merged().toString());
            String mergedConf = mount.merged().resolve("etc/app.conf").toString();
            assertThat(tryIt(mount, onMerged, AccessRequest.onPath(Operation.READ_FILE, mergedConf))).isEqualTo("allowed");
            assertThat(tryIt(mount, onMerged, AccessRequest.onPath(Operation.WRITE_FILE, mergedConf)))
                    .as("opening for writing copies the file up").isEqualTo("allowed");
            assertThat(tryIt(mount, onMerged, AccessRequest.onPath(Operation.MAKE_REG, mount.merged().resolve("app/data/new").toString())))
                    .isEqualTo("allowed");
            assertThat(tryIt(mount, onMerged, AccessRequest.onPath(Operation.READ_FILE, lower.resolve("etc/app.conf").toString())))
                    .as("a rule on merged grants nothing on the lower layer").isEqualTo("EACCES");
            assertThat(tryIt(mount, onMerged, AccessRequest.onPath(Operation.READ_DIR, mount.upper().toString())))
                    .as("nor on the upper layer").isEqualTo("EACCES");
        }
    }

    @Test
    void aRuleOnALayerGrantsNothingThroughMerged() throws Exception {
        try (OverlayMount mount = OverlayMount.of(lower)) {
            Ruleset onLower = rules(lower.toString());
            assertThat(tryIt(mount, onLower, AccessRequest.onPath(Operation.READ_FILE, lower.resolve("etc/app.conf").toString())))
                    .isEqualTo("allowed");
            assertThat(tryIt(mount, onLower, AccessRequest.onPath(Operation.READ_FILE,
                    mount.merged().resolve("etc/app.conf").toString()))).isEqualTo("EACCES");
            Ruleset onUpper = rules(mount.upper().toString());
            assertThat(tryIt(mount, onUpper, AccessRequest.onPath(Operation.MAKE_REG, mount.merged().resolve("etc/new").toString())))
                    .as("a rule on upper grants nothing through merged, though new files land in upper").isEqualTo("EACCES");
        }
    }

    @Test
    void mountsAreAlwaysRemovedAndLeftoversSwept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        OverlayMount left = OverlayMount.of(lower, gone.pid());
        Path merged = left.merged();
        // A trial's mount in a namespace of its own vanished with the run; its layers' directories stay behind.
        Path unmounted = OverlayMount.prepare(lower, gone.pid()).merged().getParent();
        assertThat(OverlayMount.isMounted(merged)).isTrue();
        try (OverlayMount running = OverlayMount.of(lower)) {
            // A run that died leaves its mount: the sweep finds and removes it, and leaves a live process's alone.
            assertThat(OverlayMount.sweepLeftovers()).containsExactly(merged.toString());
            assertThat(OverlayMount.isMounted(merged)).isFalse();
            assertThat(merged.getParent()).doesNotExist();
            assertThat(unmounted).doesNotExist();
            assertThat(running.merged()).exists();
            assertThat(OverlayMount.isMounted(running.merged())).isTrue();
        }
        assertThat(OverlayMount.overlayMountPoints()).isEmpty();
    }
}
