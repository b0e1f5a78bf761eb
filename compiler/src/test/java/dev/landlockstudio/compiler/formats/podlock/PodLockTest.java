package dev.landlockstudio.compiler.formats.podlock;

import static dev.landlockstudio.compiler.testing.Policies.codes;
import static dev.landlockstudio.compiler.testing.Policies.compile;
import static dev.landlockstudio.compiler.testing.Policies.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Import;
import dev.landlockstudio.compiler.formats.ImportFormat;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.problem.Problem;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.testing.CliRun;
import dev.landlockstudio.compiler.testing.Policies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** PodLock's LandlockProfile: import (YAML or JSON, one binary selected), export for one binary, and what each keeps. */
class PodLockTest {

    private static final String TWO_CONTAINERS = """
            apiVersion: podlock.kubewarden.io/v1alpha1
            kind: LandlockProfile
            metadata:
              name: web
              namespace: default
              labels: {app: web}
            spec:
              profilesByContainer:
                nginx:
                  /usr/sbin/nginx:
                    readOnly: [/etc/nginx]
                  /bin/sh:
                    readExec: [/bin]
                sidecar:
                  /usr/bin/tail:
                    readWriteExec: [/var/log]
            """;

    @TempDir
    Path dir;

    @Test
    void upstreamsExampleImportsWithPodLocksMeaning() throws IOException {
        String yaml = Files.readString(Path.of("src/test/resources/podlock/examples/landlockprofile.yaml"));
        Import imported = Import.read(yaml, null, null, "fallback");
        assertThat(imported.format()).isEqualTo("podlock");
        Policy policy = imported.policy();
        assertThat(policy.name()).as("metadata.name").isEqualTo("nginx");
        assertThat(policy.abi()).isEqualTo(3);
        assertThat(policy.compatibility()).isEqualTo(Compatibility.HARD_REQUIREMENT);
        assertThat(policy.handledAccessFs()).hasSize(15).contains("refer", "truncate").doesNotContain("ioctl_dev");
        assertThat(policy.handledAccessNet()).isEmpty();
        assertThat(policy.scoped()).isEmpty();
        assertThat(policy.pathBeneath()).extracting(PathBeneathRule::paths, r -> r.allowedAccess().size(), r -> r.ifMissing().documentName())
                .containsExactly(tuple(List.of("/usr/share/nginx"), 2, "skip"), tuple(List.of("/tmp"), 14, "skip"),
                        tuple(List.of("/lib", "/lib64"), 3, "skip"));
        assertThat(policy.pathBeneath().get(1).allowedAccess()).contains("refer", "make_sym", "truncate").doesNotContain("execute");
        assertThat(imported.notes()).anySatisfy(n -> assertThat(n).contains("/.podlock/swapped-binaries/usr/sbin/nginx"));
    }

    @Test
    void theSameProfileAsJsonIsDetectedToo() {
        String json = Json.write(PodLockYaml.parse(TWO_CONTAINERS).tree());
        Import imported = Import.read(json, null, null, "x", null, "sidecar");
        assertThat(imported.format()).isEqualTo("podlock");
        assertThat(imported.policy().pathBeneath().get(0).allowedAccess()).contains("execute", "write_file", "read_dir");
    }

    @Test
    void severalBinariesNeedASelectionAndTheErrorListsThem() {
        List<Problem> unselected = problems(() -> Import.read(TWO_CONTAINERS, null, null, "x"));
        assertThat(unselected).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/spec/profilesByContainer");
            assertThat(p.message()).startsWith("line 8: this profile holds 3 binaries")
                    .contains("nginx/usr/sbin/nginx, nginx/bin/sh, sidecar/usr/bin/tail");
        });
        assertThat(problems(() -> Import.read(TWO_CONTAINERS, null, null, "x", null, "nginx")).get(0).message())
                .contains("holds 2 binaries in nginx", "nginx/usr/sbin/nginx, nginx/bin/sh").doesNotContain("tail");
        assertThat(Import.read(TWO_CONTAINERS, null, null, "x", null, "sidecar").policy().pathBeneath().get(0).paths())
                .containsExactly("/var/log");
        assertThat(Import.read(TWO_CONTAINERS, ImportFormat.PODLOCK, null, "x", null, "nginx/bin/sh").policy()
                .pathBeneath().get(0).paths()).containsExactly("/bin");
        assertThat(problems(() -> Import.read(TWO_CONTAINERS, null, null, "x", null, "nginx/usr/bin/nginx")).get(0).message())
                .contains("no nginx/usr/bin/nginx", "it holds nginx/usr/sbin/nginx");
        assertThat(problems(() -> Import.read(TWO_CONTAINERS, null, null, "x", null, "Nginx")).get(0).message())
                .contains("not a Kubernetes container name");
        assertThat(problems(() -> Import.read("{\"forbidden_access\": [\"read_dir\"], \"exceptions\": []}", null, null, "x",
                null, "nginx")).get(0).message()).contains("this file is go-landlock");
    }

    @Test
    void badProfilesAreProblemsAtTheirPointerAndLine() {
        String bad = TWO_CONTAINERS.replace("readOnly: [/etc/nginx]", "readOnly: [etc/nginx, /usr/../etc]\n        readExec: [/usr/../etc]\n        writeOnly: [/tmp]")
                .replace("/bin/sh:", "/bin//sh:");
        List<Problem> found = problems(() -> Import.read(bad, null, null, "x"));
        assertThat(found).extracting(Problem::pointer, Problem::message).contains(
                tuple("/spec/profilesByContainer/nginx/~1usr~1sbin~1nginx/writeOnly",
                        "line 13: unknown key \"writeOnly\": expected one of readOnly, readWrite, readExec, readWriteExec"),
                tuple("/spec/profilesByContainer/nginx/~1usr~1sbin~1nginx/readOnly/0", "line 11: etc/nginx: path must be absolute"),
                tuple("/spec/profilesByContainer/nginx/~1usr~1sbin~1nginx/readExec/0",
                        "line 12: /usr/../etc is also in readOnly: PodLock refuses a path in two lists"),
                tuple("/spec/profilesByContainer/nginx/~1bin~1~1sh",
                        "line 14: the binary /bin//sh: path contains traversals or is not clean"));
        assertThat(problems(() -> Import.read(TWO_CONTAINERS.replace("v1alpha1", "v1"), null, null, "x")).get(0))
                .isEqualTo(new Problem("/apiVersion", "line 1: \"podlock.kubewarden.io/v1\" is not a LandlockProfile version"
                        + " this reads: expected podlock.kubewarden.io/v1alpha1"));
        assertThat(problems(() -> Import.read(TWO_CONTAINERS + "---\n" + TWO_CONTAINERS, null, null, "x")).get(0).message())
                .contains("line 18: a second YAML document");
        assertThat(problems(() -> Import.read("apiVersion: [unclosed\n", ImportFormat.PODLOCK, null, "x")).get(0).message())
                .startsWith("malformed YAML: line 1, column 22: while parsing a flow sequence");
        assertThat(problems(() -> Import.read("apiVersion: v1\nkind: Pod\nspec: {}\n", null, null, "x")).get(0).message())
                .contains("the only YAML read is PodLock's LandlockProfile", "no apiVersion podlock.kubewarden.io/");
        assertThat(problems(() -> Import.read(TWO_CONTAINERS.replace("namespace: default", "spec: {}"), null, null, "x")))
                .isNotEmpty();
    }

    /** The YAML reader's buffer holds 1024 characters; a character of two chars may straddle its end anywhere. */
    @Test
    void charactersOfTwoCharsAreReadWhereverTheyFall() {
        for (int pad = 1000; pad < 1040; pad++) {
            String yaml = "# " + "x".repeat(pad) + "\n" + TWO_CONTAINERS.replace("/var/log", "/var/log/\uD83D\uDE00\uD83D\uDE00");
            assertThat(Import.read(yaml, null, null, "x", null, "sidecar").policy().pathBeneath().get(0).paths())
                    .containsExactly("/var/log/\uD83D\uDE00\uD83D\uDE00");
            String notJson = "\uFEFF{\"name\": \"" + "x".repeat(pad) + "\uD83D\uDE00".repeat(20) + "\"}";
            assertThat(problems(() -> Import.read(notJson, ImportFormat.POLICY, null, "x"))).isNotEmpty();
        }
    }

    @Test
    void exportWritesOneBinaryEachPathInOneListAndReadsBack() {
        String policy = """
                {"name": "Web_Server", "abi": 7, "compatibility": "best_effort",
                 "pathBeneath": [
                   {"paths": ["/usr", "/etc/app.conf"], "allowedAccess": ["abi.read_execute"]},
                   {"paths": ["/srv/www"], "allowedAccess": ["read_file", "read_dir"]},
                   {"paths": ["/var/cache"], "allowedAccess": ["abi.read_write"]},
                   {"paths": ["/srv/www"], "allowedAccess": ["execute"]},
                   {"paths": ["/srv/data"], "allowedAccess": ["read_file", "read_dir", "ioctl_dev"]}],
                 "netPort": [{"ports": [80], "allowedAccess": ["bind_tcp"]}]}
                """;
        Compilation c = Compiler.compile(Policies.resolve(policy), Target.PODLOCK, 7,
                new Compiler.Options(FsView.empty(), null, null, "web/usr/sbin/httpd"));
        assertThat(c.items()).extracting(ReportItem::code, ReportItem::pointer).contains(
                tuple("handled-dropped", "/handledAccessNet"), tuple("handled-dropped", "/scoped"),
                tuple("rule-rights-dropped", "/pathBeneath/2/allowedAccess/0"), tuple("rule-dropped", "/pathBeneath/3"),
                tuple("rule-dropped", "/netPort/0"),
                tuple("rule-rights-dropped", "/pathBeneath/4/allowedAccess/2"));
        JsonNode profile = PodLockYaml.parse(c.output()).tree();
        JsonNode lists = profile.at("/spec/profilesByContainer/web").get("/usr/sbin/httpd");
        assertThat(profile.at("/metadata/name").stringValue()).isEqualTo("web-server");
        assertThat(lists.toString()).isEqualTo("{\"readOnly\":[\"/srv/www\",\"/srv/data\"],\"readWrite\":[\"/var/cache\"],"
                + "\"readExec\":[\"/usr\",\"/etc/app.conf\"]}");
        assertThat(c.output()).startsWith("# container web, binary /usr/sbin/httpd\n");

        Policy back = Import.read(c.output(), null, null, "x").policy();
        assertThat(back.pathBeneath()).extracting(PathBeneathRule::paths)
                .containsExactly(List.of("/srv/www", "/srv/data"), List.of("/var/cache"), List.of("/usr", "/etc/app.conf"));
    }

    @Test
    void podLockAlwaysAsksForAbi3AndHandlesOnlyItsRights() {
        String policy = "{'name':'p','abi':2,'compatibility':'best_effort','handledAccessFs':['read_file','read_dir'],"
                + "'pathBeneath':[{'paths':['/etc'],'allowedAccess':['read_file','read_dir']}]}";
        Compilation at2 = compile(policy, Target.PODLOCK, 2);
        assertThat(at2.items()).filteredOn(i -> i.code().equals("tool-needs-abi")).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("no best-effort mode", "refuses to run the command on a kernel of ABI 2"));
        assertThat(at2.items()).filteredOn(i -> i.code().equals("handled-added")).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("execute, write_file", "refer"));
        assertThat(codes(compile(policy.replace("'abi':2", "'abi':3"), Target.PODLOCK, 3))).doesNotContain("tool-needs-abi");
        Compilation soft = compile("{'name':'p','abi':7,'compatibility':'soft_requirement','handledAccessNet':['bind_tcp']}", Target.PODLOCK, 7);
        assertThat(soft.ruleset().enforced()).isFalse();
        assertThat(soft.output()).contains("nothing is enforced").contains("profilesByContainer: {}");
    }

    @Test
    void theCommandLineSelectsOnImportAndOnCompile() throws IOException {
        Path profile = Files.writeString(dir.resolve("web.yaml"), TWO_CONTAINERS);
        CliRun unselected = CliRun.of("import", profile.toString());
        assertThat(unselected.exit()).isEqualTo(2);
        assertThat(unselected.err()).contains("nginx/usr/sbin/nginx, nginx/bin/sh, sidecar/usr/bin/tail");
        CliRun selected = CliRun.of("import", "--select", "nginx/bin/sh", profile.toString());
        assertThat(selected.exit()).as(selected.err()).isZero();
        Path policy = Files.writeString(dir.resolve("sh.json"), selected.out());

        CliRun exported = CliRun.of("compile", "--target", "podlock", "--select", "shell/bin/sh", policy.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.out()).contains("  profilesByContainer:\n    shell:\n      /bin/sh:\n        readExec:\n          - /bin\n");
        assertThat(CliRun.of("compile", "--target", "podlock", "--select", "shell", policy.toString()).err()).contains("names no binary");
        assertThat(CliRun.of("compile", "--target", "oci", "--select", "shell/bin/sh", policy.toString()).err())
                .contains("--select works with podlock only");
    }
}
