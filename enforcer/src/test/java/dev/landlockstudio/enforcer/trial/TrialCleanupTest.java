package dev.landlockstudio.enforcer.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.enforcer.sandbox.OwnedTemporaryDirectories;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trial that fails in the middle leaves no temporary directory and no mount behind. */
class TrialCleanupTest {

    /** A ruleset the kernel refuses (an unknown fs bit: EINVAL), so every probe's restriction fails. */
    private static final RulesetStack BROKEN = RulesetStack.of("broken", new Ruleset(7, true, 1L << 40, 0, 0, 0, 0, 0, 8,
            List.of(new Ruleset.PathBeneath("/srv", 1, IfMissing.FAIL, false)), List.of(), 0));
    private static final ResolvedPolicy POLICY = PolicyReader.read(
            "{\"name\": \"p\", \"pathBeneath\": [{\"paths\": [\"/srv\"], \"allowedAccess\": [\"read_file\"]}]}").resolved();

    private static List<String> ours() throws Exception {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("landlock-studio-")).sorted().toList();
        }
    }

    @Test
    void aScratchTrialThatFailsRemovesItsTree() throws Exception {
        EnforcerTestSupport.requireLandlockAndMounts();
        List<String> before = ours();
        assertThatThrownBy(() -> ScratchTrial.run(POLICY, BROKEN, null, row -> { })).isInstanceOf(SyscallException.class)
                .hasMessageContaining("landlock_create_ruleset").hasMessageContaining("EINVAL");
        assertThat(ours()).isEqualTo(before);
    }

    /** The server killed in the middle of a scratch trial leaves its tree: the next trial removes it, never a live run's. */
    @Test
    void aScratchTreeLeftByARunThatDiedIsRemovedByTheNext() throws Exception {
        EnforcerTestSupport.requireLandlockAndMounts();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path left = OwnedTemporaryDirectories.create(ScratchTrial.SCRATCH, gone.pid());
        Files.createDirectories(left.resolve("srv/www"));
        Files.writeString(left.resolve("srv/www/probe"), "left behind");
        Files.createSymbolicLink(left.resolve("srv/out"), Path.of("/etc"));
        Path live = OwnedTemporaryDirectories.create(ScratchTrial.SCRATCH);
        try {
            ScratchTrial.run(POLICY, RulesetStack.of("p", Compiler.compile(POLICY, Target.NATIVE, 1).ruleset()),
                    List.of(AccessRequest.onPath(Operation.READ_FILE, "/srv/f")), row -> { });
            assertThat(left).doesNotExist();
            assertThat(Path.of("/etc/hostname")).as("a link in it is removed, not followed").exists();
            assertThat(live).as("this process runs: its tree is in use").isDirectory();
        } finally {
            FileTrees.delete(left);
            FileTrees.delete(live);
        }
    }

    /** The temporary directory is everyone's: another user's entry, or a link, of the same name is never removed. */
    @Test
    void onlyTheTreesOfThisUserAreSwept() throws Exception {
        EnforcerTestSupport.require(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0), "chown needs root");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path others = OwnedTemporaryDirectories.create(ScratchTrial.SCRATCH, gone.pid());
        Files.writeString(others.resolve("theirs"), "kept");
        Files.setAttribute(others, "unix:uid", 65534);
        Path target = Files.createTempDirectory("landlock-studio-target");
        Files.writeString(target.resolve("kept"), "kept");
        Path link = Path.of(System.getProperty("java.io.tmpdir"), ScratchTrial.SCRATCH + gone.pid() + "-link");
        Files.createSymbolicLink(link, target);
        try {
            ScratchTrial.sweepLeftovers();
            assertThat(others.resolve("theirs")).as("another user's tree").exists();
            assertThat(link).as("a link is not a tree").isSymbolicLink();
            assertThat(target.resolve("kept")).exists();
        } finally {
            Files.deleteIfExists(link);
            FileTrees.delete(others);
            FileTrees.delete(target);
        }
    }

    @Test
    void anOverlayTrialThatFailsUnmounts(@TempDir Path lower) throws Exception {
        EnforcerTestSupport.requireLandlockAndMounts();
        Files.createDirectories(lower.resolve("srv"));
        List<String> before = ours();
        assertThatThrownBy(() -> OverlayTrial.run(POLICY, BROKEN, lower,
                List.of(AccessRequest.onPath(Operation.READ_FILE, "/srv/f")), row -> { })).isInstanceOf(SyscallException.class);
        assertThat(ours()).isEqualTo(before);
        assertThat(Files.readAllLines(Path.of("/proc/self/mounts"))).noneMatch(l -> l.contains("landlock-studio-overlay"));
    }

    @Test
    void probeSpecsParseOrSayWhatIsWrong() {
        assertThat(ProbeSpec.parse("read_file:/etc/hosts")).isEqualTo(AccessRequest.onPath(Operation.READ_FILE, "/etc/hosts"));
        assertThat(ProbeSpec.parse("rename:/a/x:/b/y")).isEqualTo(AccessRequest.move(Operation.RENAME, "/a/x", "/b/y"));
        assertThat(ProbeSpec.parse("bind_tcp:443")).isEqualTo(AccessRequest.onPort(Operation.BIND_TCP, 443));
        assertThat(ProbeSpec.parse("signal")).isEqualTo(AccessRequest.outside(Operation.SIGNAL));
        assertThatThrownBy(() -> ProbeSpec.parse("rename:/a")).hasMessageContaining("needs a destination");
        assertThatThrownBy(() -> ProbeSpec.parse("bind_tcp:http")).hasMessageContaining("'http' is not a port");
        assertThatThrownBy(() -> ProbeSpec.parse("read_fil:/x")).hasMessageContaining("unknown access 'read_fil'");
        assertThatThrownBy(() -> ProbeSpec.parse("read_file:relative")).hasMessageContaining("absolute");
        assertThat(ProbeSpec.parse("read_file:/srv/a:b")).as("a path with a colon")
                .isEqualTo(AccessRequest.onPath(Operation.READ_FILE, "/srv/a:b"));
    }

    @Test
    void generatedProbesReadBackFromTheirSpecs() {
        for (AccessRequest probe : dev.landlockstudio.compiler.probe.Probes.of(POLICY)) {
            assertThat(ProbeSpec.parse(ProbeSpec.format(probe))).isEqualTo(probe);
        }
    }
}
