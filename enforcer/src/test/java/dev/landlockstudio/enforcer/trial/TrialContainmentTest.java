package dev.landlockstudio.enforcer.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.overlay.OverlayMount;
import dev.landlockstudio.enforcer.syscall.LibC;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trials never change the host, whatever the tree they are given holds: symlinks out of an overlay's lower layer,
 * ".." in probes, FIFOs, sockets and devices on probed host paths, lower directories that would add mount options.
 */
class TrialContainmentTest {

    @TempDir
    Path dir;

    private static ResolvedPolicy policy(String json) {
        return PolicyReader.read(json).resolved();
    }

    private static RulesetStack ruleset(ResolvedPolicy policy) {
        return RulesetStack.of(policy.name(), Compiler.compile(policy, Target.NATIVE, EnforcerTestSupport.abi()).ruleset());
    }

    private static List<AccessRequest> probes(String... specs) {
        return Stream.of(specs).map(ProbeSpec::parse).toList();
    }

    /** Every entry beneath {@code root}: directories, link targets, and a hash of each file's bytes. */
    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    entries.put(key, "link to " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(key, "directory");
                } else {
                    byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    entries.put(key, "file " + HexFormat.of().formatHex(hash) + " " + Files.getLastModifiedTime(p));
                }
            }
        }
        return entries;
    }

    private static List<String> leftovers() throws Exception {
        List<String> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("landlock-studio-")).forEach(found::add);
        }
        Files.readAllLines(Path.of("/proc/self/mounts")).stream().filter(l -> l.contains("landlock-studio")).forEach(found::add);
        return found;
    }

    @Test
    void anOverlayFollowsTheRootfsLinksInsideItNeverOutToTheHost() throws Exception {
        EnforcerTestSupport.requireLandlockAndMounts();
        Path outside = Files.createDirectories(dir.resolve("host"));
        Files.writeString(outside.resolve("secret"), "the host's own file\n");
        Files.createDirectories(outside.resolve("hostdir"));
        Files.writeString(outside.resolve("hostdir/keep"), "keep me\n");
        Path lower = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(lower.resolve("srv"));
        Files.createSymbolicLink(lower.resolve("srv/abs-file"), outside.resolve("secret"));
        Files.createSymbolicLink(lower.resolve("srv/abs-dir"), outside.resolve("hostdir"));
        Files.createSymbolicLink(lower.resolve("srv/rel-file"), Path.of("../../host/secret"));
        Files.createSymbolicLink(lower.resolve("srv/rel-dir"), Path.of("../../host/hostdir"));
        Files.createSymbolicLink(lower.resolve("data"), outside.resolve("hostdir"));
        Files.createSymbolicLink(lower.resolve("up"), Path.of("../../../../../../../.."));
        ResolvedPolicy policy = policy("{\"name\": \"escape\", \"handledAccessNet\": [], \"scoped\": [], \"pathBeneath\": ["
                + "{\"paths\": [\"/srv\", \"/data\", \"/srv/abs-dir\", \"/srv/rel-dir\", \"/up\"],"
                + " \"allowedAccess\": [\"abi.read_write\"]}]}");
        Map<String, String> hostBefore = snapshot(outside);
        Map<String, String> lowerBefore = snapshot(lower);
        List<String> before = leftovers();
        List<AccessRequest> given = probes("truncate:/srv/abs-file", "open_trunc:/srv/abs-file", "creat:/srv/rel-file",
                "write_file:/srv/abs-file", "remove_file:/srv/abs-file", "truncate:/srv/rel-file", "make_reg:/srv/abs-dir/new",
                "make_dir:/data/new", "remove_file:/data/keep", "remove_file:/srv/rel-dir/keep",
                "rename:/srv/abs-dir/keep:/srv/moved", "link:/srv/rel-file:/srv/linked", "remove_dir:/srv/abs-dir/sub",
                "make_reg:/up" + outside + "/planted", "truncate:/up" + outside + "/secret");
        List<TrialRow> rows = new ArrayList<>();
        for (List<AccessRequest> probes : Stream.of(given, (List<AccessRequest>) null).toList()) {
            OverlayTrial.run(policy, ruleset(policy), lower, probes, rows::add);
            assertThat(snapshot(outside)).as("the host's files after %s", rows).isEqualTo(hostBefore);
            assertThat(snapshot(lower)).as("the lower layer").isEqualTo(lowerBefore);
            assertThat(leftovers()).as("nothing mounted or left in the temporary directory").isEqualTo(before);
        }
        // A link to "/" that JUnit's clean-up would warn about; the trial is done with it.
        Files.delete(lower.resolve("up"));
        assertThat(rows).as("the probes were tried, in the rootfs's own view").isNotEmpty()
                .anyMatch(r -> r.spec().equals("make_reg:/srv/abs-dir/new") && r.probe().startsWith("rules on merged, via merged"));
    }

    @Test
    void aScratchTrialRefusesProbesThatClimbOutAndKeepsEverythingInItsTree() throws Exception {
        EnforcerTestSupport.requireLandlockAndMounts();
        Path outside = Files.createDirectories(dir.resolve("host"));
        ResolvedPolicy policy = policy("{\"name\": \"scratch\", \"handledAccessNet\": [], \"pathBeneath\": ["
                + "{\"paths\": [\"/srv\"], \"allowedAccess\": [\"abi.read_write\"]}]}");
        String climb = "/srv/../../../../../../../../../.." + outside;
        List<AccessRequest> climbing = List.of(AccessRequest.onPath(Operation.MAKE_DIR, climb + "/made"),
                AccessRequest.onPath(Operation.MAKE_REG, climb + "/planted"),
                AccessRequest.move(Operation.RENAME, "/srv/f", climb + "/moved"));
        for (AccessRequest probe : climbing) {
            assertThatThrownBy(() -> ScratchTrial.run(policy, ruleset(policy), List.of(probe), row -> { }))
                    .as("%s", probe).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has a \"..\" component");
            assertThatThrownBy(() -> ProbeSpec.parse(ProbeSpec.format(probe))).as("%s", probe)
                    .hasMessageContaining("has a \"..\" component");
        }
        assertThatThrownBy(() -> policy("{\"name\": \"p\", \"pathBeneath\": [{\"paths\": [\"" + climb + "\"],"
                + " \"allowedAccess\": [\"read_file\"]}]}")).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("/pathBeneath/0/paths/0");
        List<String> before = leftovers();
        List<TrialRow> rows = new ArrayList<>();
        ScratchTrial.run(policy, ruleset(policy), null, rows::add);
        assertThat(rows).isNotEmpty().allMatch(TrialRow::match);
        try (Stream<Path> entries = Files.list(outside)) {
            assertThat(entries.toList()).as("nothing made outside the tree").isEmpty();
        }
        assertThat(leftovers()).isEqualTo(before);
    }

    @Test
    void hostModeNeverOpensAFifoASocketOrADeviceAndEndsInBoundedTime() throws Exception {
        EnforcerTestSupport.requireLandlock();
        Path place = Files.createDirectories(dir.resolve("place"));
        Path fifo = place.resolve("fifo");
        LibC.INSTANCE.mknod(fifo.toString(), 0010000 | 0600, 0);
        Path device = place.resolve("null");
        LibC.INSTANCE.mknod(device.toString(), 0020000 | 0600, (1L << 8) | 3);
        Path plain = Files.writeString(place.resolve("plain"), "plain\n");
        Path elsewhere = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("other"), "other\n");
        Path socket = place.resolve("sock");
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(socket));
            ResolvedPolicy policy = policy("{\"name\": \"host\", \"handledAccessNet\": [], \"pathBeneath\": [{\"paths\": [\""
                    + place + "\", \"/usr\"], \"allowedAccess\": [\"read_file\", \"read_dir\", \"write_file\"]}]}");
            List<AccessRequest> given = probes("read_file:" + fifo, "write_file:" + fifo, "read_dir:" + fifo,
                    "read_file:" + socket, "write_file:" + socket, "read_file:" + device, "write_file:" + device,
                    "write_file:/dev/null", "read_file:" + plain, "write_file:" + plain, "read_file:" + elsewhere);
            List<TrialRow> rows = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> HostTrial.run(policy, ruleset(policy), given, rows::add));
            Map<String, TrialRow> bySpec = new TreeMap<>();
            rows.forEach(r -> bySpec.put(r.spec(), r));
            assertThat(bySpec.get("read_file:" + fifo).actual()).startsWith("not tried: " + fifo + " is a FIFO");
            assertThat(bySpec.get("write_file:" + fifo).actual()).startsWith("not tried: " + fifo + " is a FIFO");
            assertThat(bySpec.get("read_file:" + socket).actual()).startsWith("not tried: " + socket + " is a UNIX socket");
            assertThat(bySpec.get("write_file:" + device).actual()).startsWith("not tried: " + device + " is a character device");
            assertThat(bySpec.get("write_file:/dev/null").actual()).startsWith("not tried: /dev/null is a character device");
            assertThat(bySpec.get("read_file:" + device).match()).isFalse();
            assertThat(bySpec.get("read_dir:" + fifo)).as("listing a FIFO fails before opening it: no row").isNull();
            // Landlock still decides where regular files are opened, through the descriptor's /proc link.
            assertThat(bySpec.get("read_file:" + plain)).extracting(TrialRow::actual, TrialRow::match).containsExactly("allowed", true);
            assertThat(bySpec.get("write_file:" + plain)).extracting(TrialRow::actual, TrialRow::match).containsExactly("allowed", true);
            assertThat(bySpec.get("read_file:" + elsewhere)).extracting(TrialRow::actual, TrialRow::match)
                    .containsExactly("EACCES", true);
        }
    }

    @Test
    void lowerDirectoriesThatWouldAddOptionsOrLayersAreRefused() throws Exception {
        ResolvedPolicy policy = policy("{\"name\": \"o\", \"pathBeneath\": [{\"paths\": [\"/srv\"], \"allowedAccess\": [\"read_file\"]}]}");
        Path comma = Files.createDirectories(dir.resolve("a,upperdir=" + dir));
        Path colon = Files.createDirectories(dir.resolve("a:" + dir.getFileName()));
        Path backslash = Files.createDirectories(dir.resolve("a\\b"));
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), plain);
        Path file = Files.writeString(dir.resolve("file"), "");
        Map<String, String> refused = Map.of(
                comma.toString(), "',', which OverlayFS reads as the start of another mount option",
                colon.toString(), "':', which OverlayFS reads as the start of another lower layer",
                backslash.toString(), "'\\', which OverlayFS reads as an escape",
                "relative/rootfs", "is relative: give the lower directory's absolute path",
                plain + "/../plain", "has a \"..\" component",
                link.toString(), "is a symbolic link: give the directory it leads to",
                file.toString(), "is not a directory",
                dir.resolve("missing").toString(), "does not exist on this host",
                dir + "/x\ny", "a control character");
        List<String> before = leftovers();
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            assertThatThrownBy(() -> OverlayMount.checkedDirectory(bad.getKey())).as(bad.getKey())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.getValue());
            assertThatThrownBy(() -> OverlayTrial.run(policy, ruleset(policy), Path.of(bad.getKey()), null, row -> { }))
                    .as(bad.getKey()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.getValue());
        }
        assertThat(OverlayMount.checkedDirectory(plain.toString())).isEqualTo(plain.toRealPath());
        assertThat(leftovers()).isEqualTo(before);
    }
}
