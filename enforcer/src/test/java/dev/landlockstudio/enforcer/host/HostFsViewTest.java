package dev.landlockstudio.enforcer.host;

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
import dev.landlockstudio.enforcer.overlay.OverlayMount;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import dev.landlockstudio.enforcer.syscall.LibC;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFsViewTest {

    private static final long MS_BIND = 4096;
    private static final int MNT_DETACH = 2;

    @TempDir
    Path dir;

    @Test
    void readsTypesAndSymlinks() throws Exception {
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/f"), "x");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("d/f"));
        FsView view = HostFsView.of(List.of(dir.resolve("d/f").toString(), dir.resolve("link").toString(), "/dev/null"));
        assertThat(view.typeOf(dir.resolve("d").toString())).isEqualTo(FsView.Type.DIRECTORY);
        assertThat(view.typeOf(dir.resolve("d/f").toString())).isEqualTo(FsView.Type.FILE);
        assertThat(view.symlinkTarget(dir.resolve("link").toString())).isEqualTo("d/f");
        assertThat(view.resolve(dir.resolve("link").toString(), true)).isEqualTo(dir.resolve("d/f").toString());
        assertThat(view.typeOf("/dev/null")).isEqualTo(FsView.Type.CHAR_DEVICE);
    }

    /** A bind mount and an overlay made here are found in mountinfo, and the evaluator then agrees with the kernel. */
    @Test
    void readsBindAndOverlayMounts() throws Exception {
        EnforcerTestSupport.requireLandlockAndMounts();
        Path source = Files.createDirectories(dir.resolve("source"));
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(source.resolve("f"), "through the bind");
        Path lower = Files.createDirectories(dir.resolve("lower"));
        Files.writeString(lower.resolve("g"), "in the lower layer");
        LibC.INSTANCE.mount(source.toString(), target.toString(), null, MS_BIND, null);
        try (OverlayMount overlay = OverlayMount.of(lower)) {
            FsView view = HostFsView.of(List.of(target.resolve("f").toString(), overlay.merged().resolve("g").toString()));
            assertThat(view.binds()).contains(new FsView.BindMount(source.toString(), target.toString()));
            assertThat(view.overlays()).extracting(FsView.OverlayMount::merged).contains(overlay.merged().toString());
            // A rule on the bind source covers the target, as the kernel and the evaluator both say.
            String policy = "{\"name\": \"b\", \"abi\": 4, \"handledAccessFs\": [\"read_file\"], \"handledAccessNet\": [],"
                    + " \"pathBeneath\": [{\"paths\": " + Json.MAPPER.writeValueAsString(List.of(source.toString()))
                    + ", \"allowedAccess\": [\"read_file\"]}]}";
            Ruleset ruleset = Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, 4).ruleset();
            AccessRequest read = AccessRequest.onPath(Operation.READ_FILE, target.resolve("f").toString());
            ProbeRunner.run(read);
            ProbeRunner.Outcome actual = RestrictedThread.run(ruleset, () -> ProbeRunner.run(read)).value();
            assertThat(actual.result()).isEqualTo(ProbeRunner.Result.ALLOWED);
            assertThat(new Evaluator(List.of(ruleset), view).decide(read).allowed()).isTrue();
            assertThat(new Evaluator(List.of(ruleset), FsView.empty()).decide(read).allowed())
                    .as("without the host's view the bind is unknown").isFalse();
        } finally {
            LibC.INSTANCE.umount2(target.toString(), MNT_DETACH);
        }
    }
}
