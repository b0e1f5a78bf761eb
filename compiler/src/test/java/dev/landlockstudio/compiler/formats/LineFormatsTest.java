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

/** The formats made of lines: the sandboxer's environment, Firejail's profile lines and landrun's command line, read as their tools read them. */
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
    void landrunsCommandLineIsReadAsLandrunReadsIt() {
        String line = "LANDRUN_LOG_LEVEL=debug landrun --best-effort --rox /usr/bin,/usr/lib --ro /etc/nginx --rwx"
                + " /var/log/nginx --bind-tcp 80 --bind-tcp=443 --unix=/run/pg.sock --env HOME /usr/bin/nginx -g 'daemon off;'";
        Import imported = Import.read(line, null, null, "example");
        assertThat(imported.format()).isEqualTo("landrun");
        Policy p = imported.policy();
        assertThat(p.compatibility()).isEqualTo(Compatibility.BEST_EFFORT);
        assertThat(p.abi()).isEqualTo(9);
        assertThat(p.handledAccessFs()).hasSize(17).contains("resolve_unix", "ioctl_dev");
        assertThat(p.handledAccessNet()).containsExactly("bind_tcp", "connect_tcp");
        assertThat(p.scoped()).containsExactly("abstract_unix_socket", "signal");
        assertThat(p.pathBeneath()).containsExactly(
                new PathBeneathRule(List.of("/usr/bin", "/usr/lib"), READ, null, null),
                new PathBeneathRule(List.of("/etc/nginx"), List.of("read_file", "read_dir"), null, null),
                new PathBeneathRule(List.of("/var/log/nginx"), List.of("execute", "write_file", "read_file", "read_dir",
                        "remove_dir", "remove_file", "make_char", "make_dir", "make_reg", "make_sock", "make_fifo",
                        "make_block", "make_sym", "refer", "truncate", "ioctl_dev"), null, null),
                new PathBeneathRule(List.of("/run/pg.sock"), List.of("resolve_unix"), null, null));
        assertThat(p.netPort()).containsExactly(new NetPortRule(List.of(80, 443), List.of("bind_tcp")));
        assertThat(imported.notes()).anyMatch(n -> n.contains("the command /usr/bin/nginx -g daemon off; is not part of the policy"))
                .anyMatch(n -> n.startsWith("line 1, --env: HOME is about the command's run"))
                .anyMatch(n -> n.startsWith("line 1, LANDRUN_LOG_LEVEL=debug"));
    }

    @Test
    void landrunsSwitchesSayWhatIsHandledHowStrictlyAndWhetherMissingPathsAreSkipped() {
        String lines = """
                #!/bin/sh
                /usr/local/bin/landrun --unrestricted-network -unrestricted-scoped --best-effort=false \\
                    --ignore-missing --log-disable-subdomains --ro /etc \\
                    --connect-tcp 443 -- curl https://example.org
                """;
        Import imported = Import.read(lines, null, null, "x");
        Policy p = imported.policy();
        assertThat(p.compatibility()).isEqualTo(Compatibility.HARD_REQUIREMENT);
        assertThat(p.handledAccessNet()).isEmpty();
        assertThat(p.scoped()).isEmpty();
        assertThat(p.restrictSelf()).containsExactly("log_subdomains_off");
        assertThat(p.pathBeneath()).containsExactly(new PathBeneathRule(List.of("/etc"), List.of("read_file", "read_dir"),
                IfMissing.SKIP, null));
        assertThat(p.netPort()).isEmpty();
        assertThat(imported.notes()).anyMatch(n -> n.contains("--unrestricted-network: landrun applies no port flag"))
                .anyMatch(n -> n.contains("taken as hard_requirement"));
        // Exported back for ABI 9, the same switches come out, the command appended after the final --.
        String exported = Compiler.compile(PolicyReader.check(p).resolved(), Target.LANDRUN, 9).output();
        assertThat(exported).isEqualTo("landrun --ignore-missing --unrestricted-network --unrestricted-scoped"
                + " --log-disable-subdomains --ro /etc --\n");
    }

    @Test
    void aLineFileChosenAsJsonNamesTheFormatItLooksLike() {
        assertThat(problems(() -> Import.read("LL_FS_RO=/usr\nLL_FS_RW=\n", ImportFormat.OCI, null, "x")).get(0).message())
                .contains("looks like sandboxer").contains("not oci");
        assertThat(problems(() -> Import.read("landlock.enforce\n", ImportFormat.SANDBOXER, null, "x")).get(0).message())
                .contains("looks like firejail");
        assertThat(problems(() -> Import.read("{\"forbidden_access\": []}", ImportFormat.FIREJAIL, null, "x")).get(0).message())
                .contains("looks like go-landlock");
        assertThat(problems(() -> Import.read("landrun --ro /usr -- ls\n", ImportFormat.FIREJAIL, null, "x")).get(0).message())
                .contains("looks like landrun");
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
            landrun   | landrun --ro /usr --rox=/bin --wat /x -- ls    | line 1, --wat: not a landrun flag
            landrun   | landrun \\\\n  --bind-tcp 80,http -- x        | line 2, --bind-tcp: "http" is not a port
            landrun   | landrun --rw                                   | line 1, --rw: no value
            landrun   | landrun --ro /usr,,/etc ls                     | line 1, --ro: an empty path between commas
            landrun   | landrun --ro usr ls                            | line 1, --ro: "usr" is relative
            landrun   | landrun --ro $HOME ls                          | line 1: "$" starts an expansion
            landrun   | landrun --ro /usr ls\\nls                      | line 2: after the landrun command line
            landrun   | landrun --best-effort=maybe ls                 | line 1, --best-effort=maybe: a switch takes true or false
            """)
    void badLinesAreNamedByLineAndToken(String format, String input, String message) {
        String text = input.replace("\\n", "\n");
        assertThat(problems(() -> Import.read(text, ImportFormat.byId(format).orElseThrow(), null, "bad")))
                .anySatisfy(problem -> assertThat(problem.message()).contains(message));
        // Detected or chosen, the same problems.
        assertThat(problems(() -> Import.read(text, null, null, "bad"))).anySatisfy(problem -> assertThat(problem.message()).contains(message));
    }
}
