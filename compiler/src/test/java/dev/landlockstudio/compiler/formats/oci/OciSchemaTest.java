package dev.landlockstudio.compiler.formats.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.formats.ocilauncher.OciLauncherEmitter;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OCI outputs, merged into a full upstream config.json, validate against the proposals' own schemas
 * (../shared/external): #1241 for oci, #1111 for oci-1111, and upstream's own for oci-launcher, which needs
 * nothing the runtimes lack. Every example at every ABI.
 */
class OciSchemaTest {

    @TestFactory
    Stream<DynamicTest> examplesValidateAgainstTheirProposal() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Target target : List.of(Target.OCI, Target.OCI_1111, Target.OCI_LAUNCHER)) {
            Proposal proposal = Proposal.of(target);
            try (Stream<Path> files = Files.list(TestEnvironment.examplesDir())) {
                for (Path example : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    ResolvedPolicy policy = PolicyReader.read(Files.readString(example)).resolved();
                    for (int abi = 1; abi <= 11; abi++) {
                        int n = abi;
                        tests.add(DynamicTest.dynamicTest(target.id() + " " + example.getFileName() + " ABI " + abi, () -> {
                            Compilation c = Compiler.compile(policy, target, n, new Compiler.Options(FsView.empty(), proposal.baseConfig()));
                            if (c.output() != null) {
                                JsonNode config = Json.parse(c.output());
                                assertThat(proposal.errors(config)).isEmpty();
                                assertThat(config.at("/process/noNewPrivileges").booleanValue()).isTrue();
                                if (target == Target.OCI_LAUNCHER) {
                                    assertLaunched(config, c.enforced());
                                } else {
                                    assertThat(config.at("/process/landlock").isMissingNode()).isEqualTo(!c.enforced());
                                }
                            }
                        }));
                    }
                }
            }
        }
        return tests.stream();
    }

    /** Launched when enforced: the command after the launcher, which is mounted once, read-only. */
    private static void assertLaunched(JsonNode config, boolean enforced) {
        List<String> args = config.at("/process/args").valueStream().map(JsonNode::stringValue).toList();
        List<JsonNode> launchers = config.at("/mounts").valueStream()
                .filter(m -> m.path("destination").stringValue("").equals(OciLauncherEmitter.DESTINATION)).toList();
        if (enforced) {
            assertThat(args).containsExactly(OciLauncherEmitter.DESTINATION, "sh");
            assertThat(launchers).singleElement().satisfies(m ->
                    assertThat(m.get("options").valueStream().map(JsonNode::stringValue)).contains("bind", "ro").doesNotContain("noexec"));
        } else {
            assertThat(args).containsExactly("sh");
            assertThat(launchers).isEmpty();
        }
    }

    /** The schemas do reject what is wrong, so the passes above mean something. */
    @Test
    void schemasRejectWrongNames() {
        Proposal pr1241 = Proposal.of(Target.OCI);
        ObjectNode config = pr1241.baseConfig();
        ObjectNode landlock = ((ObjectNode) config.get("process")).putObject("landlock");
        landlock.putObject("handledAccess").putArray("handledAccessFS").add("ioctl_dev");
        assertThat(pr1241.errors(config)).isNotEmpty();
        Proposal pr1111 = Proposal.of(Target.OCI_1111);
        ObjectNode old = pr1111.baseConfig();
        ((ObjectNode) old.get("process")).putObject("landlock").putObject("ruleset").putArray("handledAccessFS").add("refer");
        assertThat(pr1111.errors(old)).isNotEmpty();
        Proposal upstream = Proposal.of(Target.OCI_LAUNCHER);
        ObjectNode launched = upstream.baseConfig();
        ((ArrayNode) launched.get("mounts")).addObject().put("source", "landlock-launcher");
        assertThat(upstream.errors(launched)).isNotEmpty();
    }

    /** The upstream example without its Landlock object, and the schema to validate against. */
    private record Proposal(Schema schema, ObjectNode example) {

        static Proposal of(Target target) {
            String dir = switch (target) {
                case OCI -> "runtime-spec-landlock";
                case OCI_1111 -> "runtime-spec-landlock-pr1111";
                default -> "runtime-spec";
            };
            String pr = target == Target.OCI ? "pr1241" : "pr1111";
            Path root = TestEnvironment.sharedDir().resolve("external").resolve(dir);
            // The files are served under a made-up base, so relative $refs resolve to the folder and nothing is fetched.
            String base = "https://runtime-spec.invalid/" + dir + "/";
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
                    b -> b.schemas(iri -> iri.startsWith(base) ? read(root.resolve("schema").resolve(iri.substring(base.length()))) : null));
            Schema schema = registry.getSchema(SchemaLocation.of(base + "config-schema.json"));
            try {
                ObjectNode example = (ObjectNode) Json.parse(Files.readString(root.resolve(target == Target.OCI_LAUNCHER
                        ? "schema/test/config/good/spec-example.json"
                        : "examples/config-spec-example-with-landlock-" + pr + ".json")));
                ((ObjectNode) example.get("process")).remove("landlock");
                return new Proposal(schema, example);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }

        ObjectNode baseConfig() {
            return example.deepCopy();
        }

        List<String> errors(JsonNode config) {
            return schema.validate(config).stream().map(Error::toString).toList();
        }
    }
}
