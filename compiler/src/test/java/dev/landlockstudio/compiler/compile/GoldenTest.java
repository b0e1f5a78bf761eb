package dev.landlockstudio.compiler.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.json.JsonSchemas;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Every example × every target × ABI 1, 3, 4, 6, 7, 10 against the files in src/test/resources/golden. A
 * target with no output for a cell has no output file there. After an intended change, regenerate with
 * {@code ./mvnw -pl compiler -am test -Dtest=GoldenTest -Dgolden.update=true} and review the diff.
 */
class GoldenTest {

    private static final int[] ABIS = {1, 3, 4, 6, 7, 10};
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> everyExampleTargetAndAbi() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestEnvironment.examplesDir())) {
            for (Path example : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = example.getFileName().toString().replace(".json", "");
                var policy = PolicyReader.read(Files.readString(example)).resolved();
                for (Target target : Target.values()) {
                    for (int abi : ABIS) {
                        tests.add(DynamicTest.dynamicTest(name + " " + target.id() + " ABI " + abi,
                                () -> check(Compiler.compile(policy, target, abi), GOLDEN.resolve(name), target, abi)));
                    }
                }
            }
        }
        assertThat(tests).hasSize(5 * Target.values().length * ABIS.length);
        return tests.stream();
    }

    /** The layered examples (examples/layers) for the targets that write stacked rulesets, native and c. */
    @TestFactory
    Stream<DynamicTest> layeredExamplesInNativeAndC() {
        Path layers = TestEnvironment.examplesDir().resolve("layers");
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("web", "web-offline")) {
            for (Target target : List.of(Target.NATIVE, Target.C)) {
                for (int abi : new int[] {1, 7}) {
                    tests.add(DynamicTest.dynamicTest("layers/" + name + " " + target.id() + " ABI " + abi, () -> {
                        PolicyStack stack = StackResolver.resolve(PolicyReader.read(Files.readString(layers.resolve(name
                                + ".json"))), base -> Optional.of(read(layers.resolve(base + ".json"))));
                        check(Compiler.compile(stack, target, abi, Compiler.Options.DEFAULT),
                                GOLDEN.resolve("layers").resolve(name), target, abi);
                    }));
                }
            }
        }
        return tests.stream();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(Compilation compilation, Path dir, Target target, int abi) throws IOException {
        String base = target.id() + ".abi" + abi;
        Path output = dir.resolve(base + "." + target.extension());
        Path report = dir.resolve(base + ".report.json");
        String reportJson = Json.write(compilation);
        assertThat(JsonSchemas.validate("report.schema.json", Json.parse(reportJson))).isEmpty();
        if (target == Target.NATIVE && compilation.output() != null) {
            JsonNode written = Json.parse(compilation.output());
            assertThat(JsonSchemas.validate(written.has("layers") ? "native-layers.schema.json" : "native.schema.json",
                    written)).isEmpty();
        }
        if (UPDATE) {
            Files.createDirectories(dir);
            Files.writeString(report, reportJson);
            if (compilation.output() == null) {
                Files.deleteIfExists(output);
            } else {
                Files.writeString(output, compilation.output());
            }
            return;
        }
        assertThat(report).as("golden report (regenerate with -Dgolden.update=true)").exists();
        assertThat(reportJson).isEqualTo(Files.readString(report));
        if (compilation.output() == null) {
            assertThat(output).as("no output expected").doesNotExist();
        } else {
            assertThat(output).as("golden output (regenerate with -Dgolden.update=true)").exists();
            assertThat(compilation.output()).isEqualTo(Files.readString(output));
        }
    }
}
