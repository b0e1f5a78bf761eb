package dev.landlockstudio.compiler.formats;

import static dev.landlockstudio.compiler.testing.Policies.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.NetPortRule;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The formats made of lines: the sandboxer's environment and Firejail's profile lines, read as their tools read them. */
class LineFormatsTest {

    private static final List<String> READ = List.of("execute", "read_file", "read_dir");

    @Test
    void theSandboxersOwnExampleIsReadAsTheSandboxerReadsIt() {
        String line = "LL_FS_RO=\"/bin:/lib:/usr:/proc:/etc:/dev/urandom\" LL_FS_RW=\"/dev/null:/dev/full:/dev/zero:/dev/pts:/tmp\""
                + " LL_TCP_BIND=\"9418\" LL_TCP_CONNECT=\"80:443\" LL_SCOPED=\"a:s\" ./sandboxer bash -i";
        Import imported = Import.read(line, null, null, "example");
        assertThat(imported.format()).isEqualTo("sandboxer");
        Policy p = imported.policy();
        assertThat(p.compatibility()).isEqualTo(Compatibility.BEST_EFFORT);
        assertThat(p.abi()).isEqualTo(6);
        assertThat(p.handledAccessFs()).hasSize(16).contains("refer", "truncate", "ioctl_dev").doesNotContain("resolve_unix");
        assertThat(p.handledAccessNet()).containsExactly("bind_tcp", "connect_tcp");
        assertThat(p.scoped()).containsExactly("abstract_unix_socket", "signal");
        assertThat(p.pathBeneath()).containsExactly(
                new PathBeneathRule(List.of("/bin", "/lib", "/usr", "/proc", "/etc", "/dev/urandom"), READ, IfMissing.SKIP, null),
                new PathBeneathRule(List.of("/dev/null", "/dev/full", "/dev/zero", "/dev/pts", "/tmp"), p.handledAccessFs(),
                        IfMissing.SKIP, null));
        assertThat(p.netPort()).containsExactly(new NetPortRule(List.of(9418), List.of("bind_tcp")),
                new NetPortRule(List.of(80, 443), List.of("connect_tcp")));
        assertThat(imported.notes()).anyMatch(n -> n.contains("the command ./sandboxer bash -i is not part of the policy"))
                .anyMatch(n -> n.contains("always best effort"));
    }

    @Test
    void anUnsetTcpVariableLeavesItsRightUnhandledAndAnEmptyOneAllowsNoPort() {
        Import read = Import.read("export LL_FS_RO=/usr\nLL_FS_RW=\nLL_TCP_CONNECT=\nLL_FORCE_LOG=1\n", null, null, "x");
        assertThat(read.notes()).anyMatch(n -> n.startsWith("line 4, LL_FORCE_LOG: newer sandboxers"));
        Policy p = read.policy();
        assertThat(p.restrictSelf()).isNull();
        assertThat(p.handledAccessNet()).containsExactly("connect_tcp");
        assertThat(p.netPort()).isEmpty();
        assertThat(p.scoped()).isEmpty();
        assertThat(p.pathBeneath()).hasSize(1);
        // Quoted paths come back whole, and the sandboxer's export of them reads back the same.
        Policy spaced = Import.read("LL_FS_RO='/home/a b':/opt/\\ü\nLL_FS_RW=\"/tmp/it's\"\n", null, null, "x").policy();
        assertThat(spaced.pathBeneath().get(0).paths()).containsExactly("/home/a b", "/opt/ü");
        assertThat(spaced.pathBeneath().get(1).paths()).containsExactly("/tmp/it's");
        String exported = Compiler.compile(PolicyReader.check(spaced).resolved(), Target.SANDBOXER, 6).output();
        assertThat(exported).contains("LL_FS_RO='/home/a b:/opt/ü'", "LL_FS_RW='/tmp/it'\\''s'");
        assertThat(Import.read(exported, null, null, "x").policy().pathBeneath()).isEqualTo(spaced.pathBeneath());
    }

    @Test
    void firejailLinesAreGroupedByPathAndTheProfilesOtherOptionsAreLeftOut() {
        String profile = """
                # a profile
                include globals.local
                landlock.enforce
                landlock.fs.read /usr
                landlock.fs.execute /usr
                landlock.fs.read /home/user/a b
                landlock.fs.write /home/user/a b
                landlock.fs.makeipc /run/user/1000
                caps.drop all
                """;
        Import imported = Import.read(profile, null, null, "fj");
        assertThat(imported.format()).isEqualTo("firejail");
        Policy p = imported.policy();
        assertThat(p.abi()).isEqualTo(1);
        assertThat(p.handledAccessFs()).hasSize(13);
        assertThat(p.handledAccessNet()).isEmpty();
        assertThat(p.pathBeneath()).containsExactly(
                new PathBeneathRule(List.of("/usr"), List.of("execute", "read_file", "read_dir"), IfMissing.SKIP, null),
                new PathBeneathRule(List.of("/home/user/a b"), List.of("write_file", "read_file", "read_dir", "remove_dir",
                        "remove_file", "make_dir", "make_reg", "make_sym"), IfMissing.SKIP, null),
                new PathBeneathRule(List.of("/run/user/1000"), List.of("make_sock", "make_fifo"), IfMissing.SKIP, null));
        assertThat(imported.notes()).anyMatch(n -> n.contains("lines [2, 9] are Firejail's other options"));
        assertThat(Import.read("landlock.fs.read /usr\n", null, null, "x").notes())
                .anyMatch(n -> n.contains("no landlock.enforce line"));
    }

    @Test
    void aLineFileChosenAsJsonNamesTheFormatItLooksLike() {
        assertThat(problems(() -> Import.read("LL_FS_RO=/usr\nLL_FS_RW=\n", ImportFormat.OCI, null, "x")).get(0).message())
                .contains("looks like sandboxer").contains("not oci");
        assertThat(problems(() -> Import.read("landlock.enforce\n", ImportFormat.SANDBOXER, null, "x")).get(0).message())
                .contains("looks like firejail");
        assertThat(problems(() -> Import.read("{\"forbidden_access\": []}", ImportFormat.FIREJAIL, null, "x")).get(0).message())
                .contains("looks like go-landlock");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            sandboxer | LL_FS_RO=/usr                                  | LL_FS_RW is not set
            sandboxer | LL_FS_RO=/usr:/etc\\nLL_FS_RW=\\nLL_FS_RO=/x   | line 3, LL_FS_RO: set again (first at line 1, LL_FS_RO)
            sandboxer | LL_FS_RO=/usr::/etc\\nLL_FS_RW=                | line 1, LL_FS_RO: an empty path between colons
            sandboxer | LL_FS_RO=\\nLL_FS_RW=/tmp\\nLL_TCP_BIND=80:http | line 3, LL_TCP_BIND: "http" is not a port
            sandboxer | LL_FS_RO=\\nLL_FS_RW=\\nLL_TCP_CONNECT=70000    | line 3, LL_TCP_CONNECT: "70000" is not a port
            sandboxer | LL_FS_RO=\\nLL_FS_RW=\\nLL_SCOPED=a:x           | line 3, LL_SCOPED: unknown or repeated scope "x"
            sandboxer | LL_FS_RO=\\nLL_FS_RW=\\nLL_SCOPED=s:s           | line 3, LL_SCOPED: unknown or repeated scope "s"
            sandboxer | LL_FS_RO=\\nLL_FS_RW=\\nLL_UDP_BIND=53          | line 3, LL_UDP_BIND: not a variable the sandboxer reads
            sandboxer | LL_FS_RO=$PATH\\nLL_FS_RW=                     | line 1: "$" starts an expansion
            sandboxer | LL_FS_RO='/usr\\nLL_FS_RW=                     | line 1: a single quote is not closed
            sandboxer | LL_FS_RO=/usr; LL_FS_RW=/tmp                   | line 1: ";" is a shell operator
            sandboxer | LL_FS_RO=usr\\nLL_FS_RW=                       | line 1, LL_FS_RO: "usr" is relative
            firejail  | landlock.enforce\\nlandlock.fs.wirte /tmp      | line 2, landlock.fs.wirte: not a Firejail landlock line
            firejail  | landlock.enforce\\n\\nlandlock.fs.read         | line 3, landlock.fs.read: no path
            firejail  | landlock.fs.read ${HOME}                       | line 1, landlock.fs.read: Firejail's macros
            firejail  | landlock.enforce\\nlandlock.fs.read tmp        | line 2, landlock.fs.read: "tmp" is relative
            """)
    void badLinesAreNamedByLineAndToken(String format, String input, String message) {
        String text = input.replace("\\n", "\n");
        assertThat(problems(() -> Import.read(text, ImportFormat.byId(format).orElseThrow(), null, "bad")))
                .anySatisfy(problem -> assertThat(problem.message()).contains(message));
        // Detected or chosen, the same problems.
        assertThat(problems(() -> Import.read(text, null, null, "bad"))).anySatisfy(problem -> assertThat(problem.message()).contains(message));
    }
}
