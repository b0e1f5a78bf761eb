package dev.landlockstudio.compiler.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.NetPortRule;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImportersTest {

    private static final List<String> ABI1_FS = List.of("execute", "write_file", "read_file", "read_dir", "remove_dir",
            "remove_file", "make_char", "make_dir", "make_reg", "make_sock", "make_fifo", "make_block", "make_sym");

    @Test
    void ociReadsTheUpstream1241Example() throws IOException {
        String config = Files.readString(TestEnvironment.sharedDir()
                .resolve("external/runtime-spec-landlock/examples/config-spec-example-with-landlock-pr1241.json"));
        Policy p = ImportFormat.OCI.importer().orElseThrow().read(Json.parse(config), "spec-example").policy();
        assertThat(p.name()).isEqualTo("spec-example");
        assertThat(p.abi()).isEqualTo(4);
        assertThat(p.compatibility()).isEqualTo(Compatibility.BEST_EFFORT);
        assertThat(p.handledAccessFs()).containsExactlyElementsOf(concat(ABI1_FS, List.of("refer", "truncate")));
        assertThat(p.handledAccessNet()).containsExactly("bind_tcp", "connect_tcp");
        assertThat(p.scoped()).isEmpty();
        assertThat(p.pathBeneath()).containsExactly(
                new PathBeneathRule(List.of("/usr", "/bin"), List.of("execute", "read_file", "read_dir")),
                new PathBeneathRule(List.of("/tmp"), ABI1_FS));
        assertThat(p.netPort()).containsExactly(new NetPortRule(List.of(80, 443), List.of("bind_tcp", "connect_tcp")));
    }

    @Test
    void oci1111ReadsTheUpstream1111Example() throws IOException {
        String config = Files.readString(TestEnvironment.sharedDir()
                .resolve("external/runtime-spec-landlock-pr1111/examples/config-spec-example-with-landlock-pr1111.json"));
        Importer.Imported imported = ImportFormat.OCI_1111.importer().orElseThrow().read(Json.parse(config), "old");
        Policy p = imported.policy();
        assertThat(p.abi()).isEqualTo(1);
        assertThat(p.compatibility()).isEqualTo(Compatibility.BEST_EFFORT);
        assertThat(p.handledAccessFs()).containsExactlyElementsOf(ABI1_FS);
        assertThat(p.handledAccessNet()).isEmpty();
        assertThat(p.pathBeneath()).hasSize(2);
    }

    @Test
    void ociDisableBestEffortMeansHardRequirementAndNoNewPrivsIsNoted() {
        String config = "{'process': {'landlock': {'ruleset': {'handledAccessFS': ['read_file']}, 'disableBestEffort': true}}}";
        Importer.Imported imported = ImportFormat.OCI_1111.importer().orElseThrow().read(Json.parse(config.replace('\'', '"')), "x");
        assertThat(imported.policy().compatibility()).isEqualTo(Compatibility.HARD_REQUIREMENT);
        assertThat(imported.notes()).anyMatch(n -> n.contains("noNewPrivileges"));
    }

    @Test
    void goLandlockReadsItsSampleConfig() {
        // The cfg.json beside go-landlock's configurable example (landlock-facts.md §3.2).
        String cfg = "{'forbidden_access': ['read_dir'], 'exceptions': [{'paths': ['/tmp', '/bin', '/etc'], 'permitted_access': ['read_dir']}]}";
        Policy p = ImportFormat.GO_LANDLOCK.importer().orElseThrow().read(Json.parse(cfg.replace('\'', '"')), "cfg").policy();
        assertThat(p.handledAccessFs()).containsExactly("read_dir");
        assertThat(p.handledAccessNet()).isEmpty();
        assertThat(p.scoped()).isEmpty();
        assertThat(p.compatibility()).isEqualTo(Compatibility.HARD_REQUIREMENT);
        assertThat(p.pathBeneath()).containsExactly(new PathBeneathRule(List.of("/tmp", "/bin", "/etc"), List.of("read_dir")));
    }

    @Test
    void landlockconfigGroupsKeepTheirOwnMeaning() {
        String config = "{'abi': 2, 'ruleset': [{'handledAccessFs': ['abi.read_execute']}],"
                + " 'pathBeneath': [{'allowedAccess': ['abi.read_execute', 'write_file'], 'parent': ['/usr']}]}";
        Policy p = ImportFormat.LANDLOCKCONFIG.importer().orElseThrow().read(Json.parse(config.replace('\'', '"')), "llc").policy();
        // landlockconfig's abi.read_execute grants refer where the ABI has it; rule rights are handled automatically.
        assertThat(p.handledAccessFs()).containsExactly("execute", "write_file", "read_file", "read_dir", "refer");
        assertThat(p.pathBeneath()).singleElement().satisfies(rule -> {
            assertThat(rule.allowedAccess()).containsExactly("execute", "write_file", "read_file", "read_dir", "refer");
            assertThat(rule.ifMissing()).isEqualTo(IfMissing.SKIP);
        });
        assertThat(p.handledAccessNet()).isEmpty();
        assertThat(p.abi()).isEqualTo(2);
    }

    @Test
    void landlockconfigVariablesExpandEveryLiteral() {
        String config = "{'variable': [{'name': 'home', 'literal': ['/home/a', '/home/b']}, {'name': 'loop', 'literal': ['${loop}']}],"
                + " 'pathBeneath': [{'allowedAccess': ['read_file'], 'parent': ['${home}/docs', '/x/${loop}']}],"
                + " 'netPort': [{'allowedAccess': ['connect_tcp'], 'port': [443]}]}";
        Policy p = ImportFormat.LANDLOCKCONFIG.importer().orElseThrow().read(Json.parse(config.replace('\'', '"')), "llc").policy();
        assertThat(p.pathBeneath().get(0).paths()).containsExactly("/home/a/docs", "/home/b/docs", "/x/${loop}");
        assertThat(p.handledAccessNet()).containsExactly("connect_tcp");
        assertThat(p.abi()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            oci            | {'process': {}}                                                                                   | /process/landlock | no process.landlock object
            oci            | {'process': {'landlock': {'handledAccess': {'handledAccessFS': ['ioctl_dev']}}}}                  | /process/landlock/handledAccess/handledAccessFS/0 | "ioctl_dev" is not a fs right this format knows
            oci            | {'process': {'landlock': {'handeldAccess': {}}}}                                                  | /process/landlock/handeldAccess | unknown key
            oci            | {'process': {'landlock': {'rules': {'networkPort': [{'allowedAccess': ['bind'], 'ports': [70000]}]}}}} | /process/landlock/rules/networkPort/0/ports/0 | 70000 is not a port
            oci            | {'process': {'landlock': {'handledAccess': {'handledAccessFS': ['read_file']}, 'rules': {'pathBeneath': [{'allowedAccess': ['write_file'], 'paths': ['/a']}]}}}} | /process/landlock/rules/pathBeneath/0 | write_file is allowed here but not handled
            oci            | {'process': {'landlock': {'enableBestEffort': 'yes'}}}                                             | /process/landlock/enableBestEffort | expected true or false
            oci-1111       | {'process': {'landlock': {'rules': {'networkPort': []}}}}                                          | /process/landlock/rules/networkPort | unknown key
            go-landlock    | {'forbidden_access': ['resolve_unix']}                                                             | /forbidden_access/0 | "resolve_unix" is not a fs right this format knows
            go-landlock    | {'Forbidden_Access': ['read_file']}                                                                | /Forbidden_Access | unknown key
            go-landlock    | {'forbidden_access': ['read_file'], 'exceptions': [{'paths': ['tmp'], 'permitted_access': ['read_file']}]} | /exceptions/0 | is relative
            landlockconfig | {'ruleset': [{'handledAccessFs': ['abi.all']}]}                                                   | /ruleset/0/handledAccessFs/0 | abi.all needs the top-level abi
            landlockconfig | {'pathBeneath': [{'allowedAccess': ['read_file'], 'parent': ['${nope}']}]}                         | /pathBeneath/0/parent/0 | variable ${nope} is not defined
            landlockconfig | {'abi': 99, 'ruleset': [{'scoped': ['signal']}]}                                                  | /abi | newer than the newest Landlock ABI known here
            landlockconfig | {'abi': 99999999999999999999, 'ruleset': [{'scoped': ['signal']}]}                                | /abi | newer than the newest Landlock ABI known here
            landlockconfig | {'abi': -99999999999999999999, 'ruleset': [{'scoped': ['signal']}]}                               | /abi | an integer of at least 1
            landlockconfig | {'abi': 1e19, 'ruleset': [{'scoped': ['signal']}]}                                                | /abi | an integer of at least 1
            oci            | {'process': {'landlock': {'rules': {'networkPort': [{'allowedAccess': ['bind'], 'ports': [1e19, 99999999999999999999]}]}}}} | /process/landlock/rules/networkPort/0/ports/1 | is not a port
            go-landlock    | {'forbidden_access': ['read_file'], 'exceptions': [{'paths': ['/a'], 'permitted_access': ['read_file'], 'x': 1e300}]} | /exceptions/0/x | unknown key
            landlockconfig | [1]                                                                                               | / | expected an object
            """)
    void badImportsNameThePlaceInTheInput(String format, String input, String pointer, String message) {
        Importer importer = ImportFormat.byId(format).orElseThrow().importer().orElseThrow();
        assertThatThrownBy(() -> importer.read(Json.parse(input.replace('\'', '"')), "bad"))
                .isInstanceOf(InvalidDocumentException.class)
                .satisfies(e -> assertThat(((InvalidDocumentException) e).problems())
                        .anySatisfy(problem -> {
                            assertThat(problem.displayPointer()).isEqualTo(pointer);
                            assertThat(problem.message()).contains(message);
                        }));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

}
