package dev.landlockstudio.compiler.formats.landlockconfig;

import static dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigUpstreamTest.composed;
import static dev.landlockstudio.compiler.testing.Policies.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Import;
import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigUpstreamTest.Meaning;
import dev.landlockstudio.compiler.problem.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The composition cases of landlockconfig's src/tests_compose.rs, each named after its upstream test, with its
 * expected result; relative parents such as "a" land under the base /srv/app. Composition is checked both ways
 * round, as upstream checks it is commutative. Then variables' and relative paths' problems.
 */
class LandlockConfigCompositionTest {

    private static final long EXECUTE = 0x1;
    private static final long READ_FILE = 0x4;

    private static Meaning both(String first, String second) {
        Meaning meaning = composed(first, second);
        assertThat(composed(second, first)).isEqualTo(meaning);
        return meaning;
    }

    private static long fs(int abi) {
        return AbiTable.mask(RightKind.FS, abi);
    }

    private static long net(int abi) {
        return AbiTable.mask(RightKind.NET, abi);
    }

    @Test
    void test_compose_most_fs_net() {
        Meaning m = both("""
                {"abi": 4, "ruleset": [{"handledAccessFs": ["abi.all"], "handledAccessNet": ["abi.all"], "scoped": ["abi.all"]}]}""", """
                {"abi": 6, "pathBeneath": [{"allowedAccess": ["abi.all"], "parent": ["a"]}],
                 "netPort": [{"allowedAccess": ["abi.all"], "port": [1]}]}""");
        assertThat(m).isEqualTo(new Meaning(fs(4), net(4), 0, Map.of("/srv/app/a", fs(4)), Map.of(1, net(4))));
    }

    @Test
    void test_compose_scope() {
        Meaning m = both("""
                {"ruleset": [{"scoped": ["abstract_unix_socket"]}]}""", """
                {"abi": 6, "ruleset": [{"scoped": ["abi.all"]}]}""");
        assertThat(m).isEqualTo(new Meaning(0, 0, 0x1, Map.of(), Map.of()));
    }

    /** Upstream expects nothing left; a ruleset that handles nothing cannot be built, so that is a problem here. */
    @Test
    void test_compose_exclusive() {
        List<Problem> problems = problems(() -> composed("""
                {"pathBeneath": [{"allowedAccess": ["execute"], "parent": ["a"]}]}""", """
                {"pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["a"]}, {"allowedAccess": ["read_file"], "parent": ["b"]}]}"""));
        assertThat(problems).extracting(Problem::message).containsExactly("these files handle no right in common: composed, they restrict nothing");
    }

    @Test
    void test_compose_complement1() {
        Meaning m = both("""
                {"ruleset": [{"handledAccessFs": ["read_file"]}], "pathBeneath": [{"allowedAccess": ["execute"], "parent": ["a"]}]}""", """
                {"pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["a"]}, {"allowedAccess": ["read_file"], "parent": ["b"]}]}""");
        assertThat(m).isEqualTo(new Meaning(READ_FILE, 0, 0, Map.of("/srv/app/a", READ_FILE, "/srv/app/b", READ_FILE), Map.of()));
    }

    @Test
    void test_compose_complement2() {
        Meaning m = both("""
                {"pathBeneath": [{"allowedAccess": ["execute"], "parent": ["a"]}]}""", """
                {"ruleset": [{"handledAccessFs": ["execute"]}],
                 "pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["a"]}, {"allowedAccess": ["read_file"], "parent": ["b"]}]}""");
        assertThat(m).isEqualTo(new Meaning(EXECUTE, 0, 0, Map.of("/srv/app/a", EXECUTE), Map.of()));
    }

    @Test
    void test_compose_standalone_variable() {
        Meaning m = both("""
                {"variable": [{"name": "foo", "literal": ["a", "b"]}], "pathBeneath": [{"allowedAccess": ["execute"], "parent": ["${foo}"]}]}""", """
                {"ruleset": [{"handledAccessFs": ["execute"]}],
                 "pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["a"]}, {"allowedAccess": ["read_file"], "parent": ["b"]}]}""");
        assertThat(m).isEqualTo(new Meaning(EXECUTE, 0, 0, Map.of("/srv/app/a", EXECUTE, "/srv/app/b", EXECUTE), Map.of()));
    }

    @Test
    void test_compose_shared_variable() {
        Meaning m = both("""
                {"ruleset": [{"handledAccessFs": ["read_file"]}], "variable": [{"name": "foo", "literal": ["a", "b"]}],
                 "pathBeneath": [{"allowedAccess": ["execute"], "parent": ["${foo}"]}]}""", """
                {"ruleset": [{"handledAccessFs": ["execute"]}], "variable": [{"name": "foo"}],
                 "pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["${foo}"]}, {"allowedAccess": ["read_file"], "parent": ["x/${foo}"]}]}""");
        long both = EXECUTE | READ_FILE;
        assertThat(m).isEqualTo(new Meaning(both, 0, 0, Map.of("/srv/app/a", both, "/srv/app/b", both,
                "/srv/app/x/a", READ_FILE, "/srv/app/x/b", READ_FILE), Map.of()));
    }

    @Test
    void test_compose_same_resolved_path() {
        Meaning m = both("""
                {"ruleset": [{"handledAccessFs": ["read_file"]}], "variable": [{"name": "foo", "literal": ["a"]}],
                 "pathBeneath": [{"allowedAccess": ["execute"], "parent": ["${foo}"]}]}""", """
                {"ruleset": [{"handledAccessFs": ["execute"]}], "variable": [{"name": "bar", "literal": ["a"]}],
                 "pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["${bar}"]}]}""");
        assertThat(m).isEqualTo(new Meaning(EXECUTE | READ_FILE, 0, 0, Map.of("/srv/app/a", EXECUTE | READ_FILE), Map.of()));
    }

    @Test
    void test_abi_compose_all() {
        Meaning m = both("""
                {"abi": 1, "ruleset": [{"handledAccessFs": ["abi.all"], "handledAccessNet": ["abi.all"]}],
                 "pathBeneath": [{"allowedAccess": ["abi.read_execute"], "parent": ["."]}],
                 "netPort": [{"allowedAccess": ["abi.all"], "port": [1]}]}""", """
                {"abi": 2, "ruleset": [{"handledAccessFs": ["abi.all"], "handledAccessNet": ["abi.all"]}],
                 "pathBeneath": [{"allowedAccess": ["abi.read_write"], "parent": ["."]}],
                 "netPort": [{"allowedAccess": ["abi.all"], "port": [1]}]}""");
        assertThat(m).isEqualTo(new Meaning(fs(1), 0, 0, Map.of("/srv/app", fs(1)), Map.of()));
    }

    @Test
    void test_abi_compose_read_write_v1() {
        Meaning m = both("""
                {"abi": 1, "ruleset": [{"handledAccessFs": ["abi.all"], "handledAccessNet": ["abi.all"]}],
                 "pathBeneath": [{"allowedAccess": ["abi.read_execute"], "parent": ["."]}],
                 "netPort": [{"allowedAccess": ["abi.all"], "port": [1]}]}""", """
                {"abi": 2, "ruleset": [{"handledAccessFs": ["abi.read_write"], "handledAccessNet": ["bind_tcp"]}],
                 "pathBeneath": [{"allowedAccess": ["abi.read_write"], "parent": ["."]}],
                 "netPort": [{"allowedAccess": ["abi.all"], "port": [1]}]}""");
        assertThat(m).isEqualTo(new Meaning(fs(1) & ~EXECUTE, 0, 0, Map.of("/srv/app", fs(1) & ~EXECUTE), Map.of()));
    }

    @Test
    void test_abi_compose_read_write_v4() {
        Meaning m = both("""
                {"abi": 4, "ruleset": [{"handledAccessFs": ["abi.all"], "handledAccessNet": ["abi.all"]}],
                 "pathBeneath": [{"allowedAccess": ["abi.read_execute"], "parent": ["."]}],
                 "netPort": [{"allowedAccess": ["abi.all"], "port": [1]}]}""", """
                {"abi": 6, "ruleset": [{"handledAccessFs": ["abi.read_write"], "handledAccessNet": ["bind_tcp"]}],
                 "pathBeneath": [{"allowedAccess": ["abi.read_write"], "parent": ["."]}],
                 "netPort": [{"allowedAccess": ["abi.all"], "port": [1]}]}""");
        assertThat(m).isEqualTo(new Meaning(fs(4) & ~EXECUTE, net(4), 0, Map.of("/srv/app", fs(4) & ~EXECUTE), Map.of(1, net(4))));
    }

    @Test
    void anUndefinedVariableIsAProblemAtItsParent() {
        String toml = "[[path_beneath]]\nallowed_access = [\"read_file\"]\nparent = [\"/a\", \"${nope}/b\"]\n";
        List<Problem> problems = problems(() -> Import.read(toml, null, null, "x", Path.of("/srv")));
        assertThat(problems).extracting(Problem::pointer).containsExactly("/path_beneath/0/parent/1");
        assertThat(problems.get(0).message()).contains("${nope}");
    }

    @Test
    void variablesFollowLandlockconfigsGrammar() {
        String json = """
                {"variable": [{"name": "v", "literal": ["x", "y"]}],
                 "pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["/$${v}", "/${v}/${v}", "/a$b"]}]}""";
        Meaning m = Meaning.of(Import.read(json, null, null, "x", null).policy());
        assertThat(m.paths().keySet()).containsExactlyInAnyOrder("/${v}", "/x/x", "/x/y", "/y/x", "/y/y", "/a$b");
        List<Problem> problems = problems(() -> Import.read("""
                {"pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["/${v", "/${1v}"]}]}""", null, null, "x", null));
        assertThat(problems).extracting(Problem::pointer).containsExactly("/pathBeneath/0/parent/0", "/pathBeneath/0/parent/1");
        assertThat(problems.get(0).message()).contains("unclosed");
        assertThat(problems.get(1).message()).contains("invalid variable name");
    }

    @Test
    void aRelativePathWithoutABaseIsAProblemAtItsParent() {
        List<Problem> problems = problems(() -> Import.read("""
                {"pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["/usr", "."]}]}""", null, null, "x", null));
        assertThat(problems).extracting(Problem::pointer).containsExactly("/pathBeneath/0/parent/1");
        assertThat(problems.get(0).message()).contains("working directory");
        // With a base, "." and "./" go but ".." is left for the policy check, which refuses it at the parent.
        Meaning m = Meaning.of(Import.read("""
                {"pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["./data/.", "."]}]}""", null, null, "x", Path.of("/srv")).policy());
        assertThat(m.paths().keySet()).containsExactly("/srv", "/srv/data");
        List<Problem> up = problems(() -> Import.read("""
                {"pathBeneath": [{"allowedAccess": ["read_file"], "parent": ["/a", "../etc"]}]}""", null, null, "x", Path.of("/srv")));
        assertThat(up).extracting(Problem::pointer).containsExactly("/pathBeneath/0/parent/1");
    }

    @Test
    void aComposedFilesProblemNamesTheFile() {
        List<Problem> problems = problems(() -> LandlockConfigImporter.compose(List.of(
                new LandlockConfigImporter.Source("one.json", "{\"ruleset\": [{\"scoped\": [\"signal\"]}]}"),
                new LandlockConfigImporter.Source("two.toml", "[[net_port]]\nallowed_access = [\"bind_udp\"]\nport = [1]\n")),
                "x", null));
        assertThat(problems).extracting(Problem::pointer).containsExactly("/net_port/0/allowed_access/0");
        assertThat(problems.get(0).message()).startsWith("in two.toml: ");
    }
}
