package dev.landlockstudio.enforcer.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.cli.LandlockStudio;
import dev.landlockstudio.enforcer.command.UnixUser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code learn} on programs no one here wrote, in a directory of the test's own: each must end with a policy under
 * which the confirming run exits as the unconfined one did, with no denial, no rule on / and no right to write
 * anywhere but where the program wrote.
 */
class LearnLiveTest {

    /** Rights that change what is on disk. */
    private static final Set<String> WRITING = Set.of("write_file", "truncate", "remove_dir", "remove_file", "make_char",
            "make_dir", "make_reg", "make_sock", "make_fifo", "make_block", "make_sym", "refer", "abi.read_write", "abi.all");

    @TempDir
    Path dir;

    @BeforeEach
    void requireWhatLearningNeeds() throws IOException {
        EnforcerTestSupport.requireDenialRecords();
        EnforcerTestSupport.require(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed (apt-get install strace)");
        // The unprivileged user the command runs as owns the directory: Landlock, not permissions, is under test.
        UnixUser nobody = UnixUser.named("nobody");
        Files.setAttribute(dir, "unix:uid", nobody.uid());
        Files.setAttribute(dir, "unix:gid", nobody.gid());
    }

    @Test
    void tarCreatesAndExtractsAnArchive() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        Files.writeString(src.resolve("b.txt"), "beta\n");
        giveToNobody(src, src.resolve("a.txt"), src.resolve("b.txt"));

        String policy = learned("sh", "-c", "cd " + dir + " && rm -rf out a.tar && tar -cf a.tar src && mkdir out"
                + " && tar -xf a.tar -C out && cmp src/a.txt out/src/a.txt");

        assertLeastPrivilege(policy);
    }

    @Test
    void pythonReadsItsConfigWritesALogAndListensOnLoopback() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("app.conf"), "port=" + port + "\n");
        giveToNobody(config);
        String script = String.join("\n",
                "import socket, sys",
                "d = sys.argv[1]",
                "port = int(open(d + '/app.conf').read().split('=')[1])",
                "with open(d + '/app.log', 'a') as log:",
                "    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
                "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
                "    s.bind(('127.0.0.1', port))",
                "    s.listen(1)",
                "    log.write('listening on %d\\n' % port)",
                "    s.close()");

        // It runs in its own directory, as a service would: started in /, Python lists / to import from it.
        String policy = learned("sh", "-c", "cd \"$1\" && exec python3 -c \"$2\" \"$1\"", "sh", dir.toString(), script);

        assertLeastPrivilege(policy);
        assertThat(PolicyReader.read(policy).document().netPort()).singleElement()
                .satisfies(rule -> assertThat(rule.ports()).containsExactly(port));
    }

    @Test
    void gitInitialisesARepositoryAndCommits() throws Exception {
        // git reads its identity from -c, and its home (nobody's does not exist) from nothing.
        String policy = learned("sh", "-c", "cd " + dir + " && rm -rf repo && mkdir repo && cd repo && git init -q"
                + " && echo hello > greeting && git add greeting"
                + " && git -c user.name=learn -c user.email=learn@example.invalid commit -q -m first && git log --oneline");

        assertLeastPrivilege(policy);
    }

    @Test
    void aSavedRecordingMergesIntoALaterLearningAgainstThePolicyLearnedFirst() throws Exception {
        Path recording = dir.resolve("first.strace");
        Path policyFile = dir.resolve("first.json");
        String command = "cd " + dir + " && ls > listing";
        Files.writeString(policyFile, learned("--save-recording", recording.toString(), "--", "sh", "-c", command));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LandlockStudio.run(new PrintWriter(out), new PrintWriter(err), "learn", "--into", policyFile.toString(),
                "--merge", recording.toString(), "--", "sh", "-c", command);

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("with 1 recording merged", "nothing added").doesNotContain("(recording, added)");
        assertThat(PolicyReader.read(out.toString()).document()).isEqualTo(PolicyReader.read(Files.readString(policyFile)).document());
    }

    @Test
    void aCommandCannotTouchItsOwnRecording() throws Exception {
        // A forged line would have a write on /etc proposed; a FIFO in the recording's place would hold the read
        // forever, a link would have root read what it points to. Only root (strace) can enter the recording's folder.
        String forged = "1 openat(AT_FDCWD, \\\"/etc/forged\\\", O_WRONLY|O_CREAT, 0666) = 3</etc/forged>";
        for (String attempt : new String[] {"echo \"" + forged + "\" >> \"$f\"", "rm -f \"$f\"; mkfifo \"$f\"",
                "rm -f \"$f\"; ln -s /etc/shadow \"$f\""}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = LandlockStudio.run(new PrintWriter(out), new PrintWriter(err), "learn", "--timeout", "20", "--",
                    "sh", "-c", "for f in /tmp/" + StraceRecorder.PREFIX + "*/strace; do " + attempt + "; done; true");
            assertThat(exit).as(attempt + "\n" + err).isZero();
            Policy policy = PolicyReader.read(out.toString()).document();
            assertThat(policy.pathBeneath()).flatExtracting(PathBeneathRule::paths).as(attempt).isNotEmpty()
                    .noneMatch(path -> path.equals("/etc") || path.equals("/etc/forged") || path.equals("/etc/shadow"));
        }
    }

    /** Runs learn on the command (after -- unless the arguments hold it); it must confirm the policy. */
    private String learned(String... command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("learn"));
        if (!List.of(command).contains("--")) {
            args.add("--");
        }
        args.addAll(List.of(command));
        int exit = LandlockStudio.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("with no denial, as unconfined");
        return out.toString();
    }

    private void assertLeastPrivilege(String policy) {
        Policy document = PolicyReader.read(policy).document();
        for (PathBeneathRule rule : document.pathBeneath()) {
            assertThat(rule.paths()).as("rule on /").doesNotContain("/");
            if (rule.allowedAccess().stream().anyMatch(WRITING::contains)) {
                assertThat(rule.paths()).as("writing rights %s", rule.allowedAccess())
                        .allMatch(p -> p.equals(dir.toString()) || p.startsWith(dir + "/") || p.equals("/dev/null"));
            }
        }
    }

    private static void giveToNobody(Path... paths) throws IOException {
        UnixUser nobody = UnixUser.named("nobody");
        for (Path p : paths) {
            Files.setAttribute(p, "unix:uid", nobody.uid());
        }
    }
}
