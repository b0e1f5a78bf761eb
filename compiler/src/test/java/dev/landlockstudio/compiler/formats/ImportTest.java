package dev.landlockstudio.compiler.formats;

import static dev.landlockstudio.compiler.testing.Policies.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Detection of a file's format from its content, and import keeping the ABI the file was written for. */
class ImportTest {

    /** Everything handled at {@code abi}, with a rule of each kind it has: every format carries something of it. */
    private static String policyAt(int abi) {
        String ports = abi < 4 ? "" : ", \"netPort\": [{\"ports\": [443], \"allowedAccess\": [\"connect_tcp\"]}]";
        return """
                {"name": "everything", "abi": %d, "compatibility": "best_effort",
                 "pathBeneath": [{"paths": ["/usr"], "allowedAccess": ["abi.read_execute"]},
                                 {"paths": ["/var/log/app"], "allowedAccess": ["abi.read_write"], "ifMissing": "skip"}]%s}
                """.formatted(abi, ports);
    }

    /**
     * Export at ABI N, then import without naming the format: the target is detected, and the ABI is N wherever
     * the format records it (go-landlock's JSON has no place for it: there the rights named decide).
     */
    @TestFactory
    Stream<DynamicTest> exportThenImportKeepsTheAbiForEveryFormatAndAbi() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ImportFormat format : ImportFormat.values()) {
            for (int abi = AbiTable.oldest(); abi <= AbiTable.newest(); abi++) {
                int n = abi;
                tests.add(DynamicTest.dynamicTest(format.id() + " at ABI " + n, () -> {
                    ResolvedPolicy original = PolicyReader.read(policyAt(n)).resolved();
                    String file = format.target().map(t -> Compiler.compile(original, t, n).output()).orElse(policyAt(n));
                    if (format == ImportFormat.LANDRUN && n == 1) {
                        // Its --rw directory asks for refer, so landrun applies nothing at ABI 1: no policy says that.
                        assertThat(problems(() -> Import.read(file, null, null, "back"))).singleElement()
                                .satisfies(p -> assertThat(p.message()).contains("landrun applies no Landlock ruleset"));
                        return;
                    }
                    Import imported = Import.read(file, null, null, "back");
                    assertThat(imported.format()).isEqualTo(format.id());
                    assertThat(imported.notes().get(0)).startsWith("detected as " + format.id());
                    int expected = switch (format) {
                        // go-landlock's names end at ABI 5 (ioctl_dev), and ABI 4 added only network rights.
                        case GO_LANDLOCK -> n >= 5 ? 5 : n == 4 ? 3 : n;
                        // The sandboxer always handles its sets, ioctl_dev (ABI 5) among them, and scopes from ABI 6.
                        case SANDBOXER -> n >= 6 ? 6 : 5;
                        // Firejail has only ABI 1's rights.
                        case FIREJAIL -> 1;
                        // landrun handles every ABI 9 fs right, resolve_unix among them.
                        case LANDRUN -> 9;
                        // PodLock always applies go-landlock's V3.
                        case PODLOCK -> 3;
                        default -> n;
                    };
                    assertThat(imported.policy().abi()).as("the imported ABI").isEqualTo(expected);
                    assertThat(Import.read(file, format, "given", "back").policy().abi()).isEqualTo(expected);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void anOciExportOfAnAbi7PolicyComesBackAsAbi7() {
        ResolvedPolicy original = PolicyReader.read(policyAt(7)).resolved();
        Compilation oci = Compiler.compile(original, Target.OCI, 7);
        assertThat(Json.parse(oci.output()).path("annotations").path("dev.landlockstudio.landlock.abi").stringValue()).isEqualTo("7");
        assertThat(Import.read(oci.output(), null, null, "x").policy().abi()).isEqualTo(7);
        // Without the annotation (a hand-written config.json) the rights named decide, and a note says so.
        ObjectNode config = (ObjectNode) Json.parse(oci.output());
        config.remove("annotations");
        String bare = Json.write(config);
        Import inferred = Import.read(bare, null, null, "x");
        assertThat(inferred.policy().abi()).isEqualTo(4);
        assertThat(inferred.notes()).anyMatch(n -> n.contains("annotation") && n.contains("taken as ABI 4"));
    }

    @Test
    void aFileMatchingNoFormatSaysWhatWasTriedAndWhyEachDidNotMatch() {
        List<Problem> problems = problems(() -> Import.read("{\"hello\": [1]}", null, null, "x"));
        assertThat(problems.get(0).message()).contains("matches none of the formats tried").contains(String.join(", ", ImportFormat.ids()));
        assertThat(problems.subList(1, problems.size())).extracting(Problem::message).hasSize(ImportFormat.values().length)
                .anyMatch(m -> m.startsWith("not oci: ") && m.contains("no process.landlock object"))
                .anyMatch(m -> m.startsWith("not go-landlock: ") && m.contains("forbidden_access"))
                .anyMatch(m -> m.startsWith("not landlockconfig: ") && m.contains("\"hello\""))
                .anyMatch(m -> m.startsWith("not native: ") && m.contains("rulesetAttr"))
                .anyMatch(m -> m.startsWith("not policy: ") && m.contains("name"));
    }

    @Test
    void aFileOfAnotherFormatThanTheChosenOneNamesTheOneItLooksLike() {
        String goLandlock = "{\"forbidden_access\": [\"read_file\"], \"exceptions\": []}";
        assertThat(problems(() -> Import.read(goLandlock, ImportFormat.OCI, null, "x")).get(0).message())
                .contains("looks like go-landlock").contains("not oci").contains("no process.landlock object");
        String draft1111 = "{\"process\": {\"landlock\": {\"ruleset\": {\"handledAccessFS\": [\"read_file\"]}}}}";
        assertThat(problems(() -> Import.read(draft1111, ImportFormat.OCI, null, "x")).get(0).message())
                .contains("looks like oci-1111");
        assertThat(Import.read(draft1111, null, null, "x").format()).isEqualTo("oci-1111");
    }

    @Test
    void whatIsNotJsonIsNamedWhenItIsOneOfOurs() {
        ResolvedPolicy original = PolicyReader.read(policyAt(5)).resolved();
        String c = Compiler.compile(original, Target.C, 5).output();
        assertThat(problems(() -> Import.read(c, null, null, "x")).get(0).message()).contains("C source");
        String otherToml = "[server]\nport = 8080\n";
        assertThat(problems(() -> Import.read(otherToml, null, null, "x")).get(0).message())
                .contains("looks like TOML").contains("key \"server\"");
        assertThat(problems(() -> Import.read("[[path_beneath]\n", null, null, "x")).get(0).message())
                .contains("malformed TOML: line ");
        assertThat(problems(() -> Import.read("nope", null, null, "x")).get(0).message()).contains("every other format imported is JSON");
    }

    @Test
    void aPolicyDocumentKeepsItsOwnNameUnlessOneIsGiven() {
        assertThat(Import.read(policyAt(3), null, null, "fallback").policy().name()).isEqualTo("everything");
        assertThat(Import.read(policyAt(3), null, " other ", "fallback").policy().name()).isEqualTo("other");
        ResolvedPolicy original = PolicyReader.read(policyAt(3)).resolved();
        String native3 = Compiler.compile(original, Target.NATIVE, 3).output();
        assertThat(Import.read(native3, null, null, "fallback").policy().name()).isEqualTo("fallback");
    }

    @Test
    void nativeBitsTheAbiDoesNotHaveAreProblemsAtTheirPointer() {
        ResolvedPolicy original = PolicyReader.read(policyAt(2)).resolved();
        String file = Compiler.compile(original, Target.NATIVE, 2).output().replaceFirst("\"handledAccessNet\": 0", "\"handledAccessNet\": 3");
        assertThat(problems(() -> Import.read(file, null, null, "x")))
                .anySatisfy(p -> assertThat(p.pointer()).isEqualTo("/rulesetAttr/handledAccessNet"));
    }
}
