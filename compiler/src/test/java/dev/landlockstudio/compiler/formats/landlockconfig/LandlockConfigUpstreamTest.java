package dev.landlockstudio.compiler.formats.landlockconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Import;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * landlockconfig's own examples and composition tests (test resources landlockconfig/, their upstream paths in
 * SOURCES.md) import into valid policies with the meaning landlockconfig gives them.
 */
class LandlockConfigUpstreamTest {

    private static final Path BASE = Path.of("/srv/app");
    private static final long EXECUTE = 0x1;
    private static final long READ_FILE = 0x4;
    private static final long READ_DIR = 0x8;
    private static final long REFER = 0x2000;
    private static final long BIND_TCP = 0x1;
    private static final List<String> FILES = List.of("examples/micro-var.toml", "examples/micro-write-tmp.toml",
            "examples/mini-scoped.json", "examples/mini-write-tmp.json", "examples/mini-write-tmp.toml",
            "examples/verbose-write-tmp.json", "c/mini-write-tmp.toml", "composition/source/s1.toml",
            "composition/source/s1.json", "composition/source/s2.toml", "composition/s.toml", "composition/s.json");

    /** What a policy means to the kernel: handled masks, rights per path and per port. */
    record Meaning(long fs, long net, long scoped, Map<String, Long> paths, Map<Integer, Long> ports) {
        static Meaning of(Policy policy) {
            Map<String, Long> paths = new TreeMap<>();
            policy.pathBeneath().forEach(r -> r.paths().forEach(p -> paths.merge(p, AbiTable.bits(RightKind.FS, r.allowedAccess()), (a, b) -> a | b)));
            Map<Integer, Long> ports = new TreeMap<>();
            policy.netPort().forEach(r -> r.ports().forEach(p -> ports.merge(p, AbiTable.bits(RightKind.NET, r.allowedAccess()), (a, b) -> a | b)));
            return new Meaning(AbiTable.bits(RightKind.FS, policy.handledAccessFs()), AbiTable.bits(RightKind.NET, policy.handledAccessNet()),
                    AbiTable.bits(RightKind.SCOPE, policy.scoped()), paths, ports);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyUpstreamFileImportsIntoAValidPolicy() {
        return FILES.stream().map(file -> DynamicTest.dynamicTest(file, () -> {
            Import imported = Import.read(fixture(file), null, null, "upstream", BASE);
            assertThat(imported.format()).isEqualTo("landlockconfig");
            // Valid as a written policy document too, not only as the importer checked it.
            assertThat(PolicyReader.read(Json.write(imported.policy())).resolved()).isNotNull();
        }));
    }

    @Test
    void miniWriteTmpMeansWhatLandlockconfigMakesOfIt() {
        Meaning meaning = meaning("examples/mini-write-tmp.json");
        long readExecute = EXECUTE | READ_FILE | READ_DIR | REFER;
        assertThat(meaning.fs()).isEqualTo(AbiTable.mask(RightKind.FS, 5));
        assertThat(meaning.net()).isEqualTo(BIND_TCP);
        assertThat(meaning.paths()).containsEntry("/srv/app", readExecute).containsEntry("/bin", readExecute)
                .containsEntry("/tmp", AbiTable.mask(RightKind.FS, 5) & ~EXECUTE).hasSize(8);
        assertThat(meaning.ports()).isEqualTo(Map.of(80, BIND_TCP, 443, BIND_TCP));
        // The same file in TOML, and the C example's copy written with v5 groups and no abi, mean the same.
        assertThat(meaning("examples/mini-write-tmp.toml")).isEqualTo(meaning);
        assertThat(meaning("c/mini-write-tmp.toml")).isEqualTo(meaning);
    }

    @Test
    void theVerboseExampleSpellsOutTheMicroOne() {
        Meaning micro = meaning("examples/micro-write-tmp.toml");
        Meaning verbose = meaning("examples/verbose-write-tmp.json");
        assertThat(verbose.paths()).isEqualTo(Map.of("/srv/app", micro.paths().get("/bin"), "/bin", micro.paths().get("/bin"),
                "/lib", micro.paths().get("/bin"), "/usr", micro.paths().get("/bin"), "/dev", micro.paths().get("/bin"),
                "/etc", micro.paths().get("/bin"), "/proc", micro.paths().get("/bin"),
                // The verbose file leaves out make_char, make_block and ioctl_dev, which abi.read_write grants at ABI 5.
                "/tmp", micro.paths().get("/tmp") & ~0x40L & ~0x800L & ~0x8000L));
        assertThat(verbose.fs()).isEqualTo(micro.fs());
    }

    @Test
    void variablesStandForEachOfTheirLiterals() {
        Meaning meaning = meaning("examples/micro-var.toml");
        assertThat(meaning.paths().keySet()).containsExactly("/bin", "/dev", "/etc", "/home", "/lib", "/proc", "/root",
                "/srv/app", "/tmp", "/usr", "/var/tmp");
        assertThat(meaning.paths().get("/etc")).isEqualTo(meaning.paths().get("/bin"));
        assertThat(meaning.paths().get("/var/tmp")).isEqualTo(meaning.paths().get("/home"));
    }

    /** Upstream's tests/composition: s1 and s2 composed are s.toml and s.json, as golden-debug.txt shows. */
    @Test
    void theUpstreamCompositionIsItsGoldenResult() {
        Meaning composed = composed(fixture("composition/source/s1.toml"), fixture("composition/source/s2.toml"));
        assertThat(composed.fs()).isEqualTo(0b111111111111111L);
        assertThat(composed.paths()).containsEntry("/home/user/bin", 0b10000000001101L)
                .containsEntry("/home/user/tmp", 0b111111111111110L).containsEntry("/var/tmp", 0b111111111111110L).hasSize(10);
        assertThat(composed.ports()).isEmpty();
        assertThat(composed(fixture("composition/source/s2.toml"), fixture("composition/source/s1.toml"))).isEqualTo(composed);
        assertThat(composed(fixture("composition/source/s1.json"), fixture("composition/source/s2.toml"))).isEqualTo(composed);
        assertThat(meaning("composition/s.toml")).isEqualTo(composed);
        assertThat(meaning("composition/s.json")).isEqualTo(composed);
    }

    private static Meaning meaning(String file) {
        return Meaning.of(Import.read(fixture(file), null, null, "upstream", BASE).policy());
    }

    static Meaning composed(String... texts) {
        List<LandlockConfigImporter.Source> sources = Stream.of(texts).map(t -> new LandlockConfigImporter.Source("f", t)).toList();
        return Meaning.of(LandlockConfigImporter.compose(sources, "composed", BASE).policy());
    }

    private static String fixture(String file) {
        try (InputStream in = LandlockConfigUpstreamTest.class.getResourceAsStream("/landlockconfig/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
