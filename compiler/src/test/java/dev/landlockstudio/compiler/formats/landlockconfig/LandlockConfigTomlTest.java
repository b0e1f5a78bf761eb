package dev.landlockstudio.compiler.formats.landlockconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Import;
import dev.landlockstudio.compiler.formats.ImportFormat;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigUpstreamTest.Meaning;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * landlockconfig's TOML output: golden files next to the JSON ones (landlockconfig-toml.abiN.toml), regenerated
 * with {@code -Dgolden.update=true}; each reads back into what its JSON twin reads back into.
 */
class LandlockConfigTomlTest {

    private static final int[] ABIS = {1, 3, 4, 6, 7, 10};
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> everyExampleAndAbiInToml() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestEnvironment.examplesDir())) {
            for (Path example : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = example.getFileName().toString().replace(".json", "");
                var policy = PolicyReader.read(Files.readString(example)).resolved();
                for (int abi : ABIS) {
                    tests.add(DynamicTest.dynamicTest(name + " ABI " + abi,
                            () -> check(Compiler.compile(policy, Target.LANDLOCKCONFIG, abi), GOLDEN.resolve(name), abi)));
                }
            }
        }
        return tests.stream();
    }

    private static void check(Compilation compilation, Path dir, int abi) throws IOException {
        Path golden = dir.resolve("landlockconfig-toml.abi" + abi + ".toml");
        if (compilation.output() == null) {
            assertThat(golden).doesNotExist();
            return;
        }
        String toml = LandlockConfigToml.write(Json.parse(compilation.output()));
        if (UPDATE) {
            Files.writeString(golden, toml);
        }
        assertThat(golden).as("golden output (regenerate with -Dgolden.update=true)").exists();
        assertThat(toml).isEqualTo(Files.readString(golden));
        Import fromToml = Import.read(toml, null, null, "x");
        assertThat(fromToml.notes()).contains("detected as landlockconfig: landlockconfig TOML");
        Import fromJson = Import.read(compilation.output(), ImportFormat.LANDLOCKCONFIG, null, "x");
        assertThat(Meaning.of(fromToml.policy())).isEqualTo(Meaning.of(fromJson.policy()));
    }

    @Test
    void stringsAndDollarsSurviveTheRoundTrip() {
        String json = """
                {"abi": 4, "ruleset": [{"handledAccessFs": ["read_file"]}],
                 "pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["/a \\"q\\" \\\\ $$HOME\\t"]}]}""";
        String toml = LandlockConfigToml.write(Json.parse(json));
        assertThat(toml).contains("[[path_beneath]]\nallowed_access = [\"read_file\"]\n");
        Meaning meaning = Meaning.of(Import.read(toml, null, null, "x").policy());
        assertThat(meaning.paths().keySet()).containsExactly("/a \"q\" \\ $HOME\t");
    }
}
