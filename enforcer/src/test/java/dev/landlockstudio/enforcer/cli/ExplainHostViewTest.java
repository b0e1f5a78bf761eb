package dev.landlockstudio.enforcer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.compiler.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** explain --host-view judges the paths as this host has them: here, a symlink the rule's path is reached through. */
class ExplainHostViewTest {

    @TempDir
    Path dir;

    @Test
    void aRuleOnTheTargetCoversAccessThroughALinkOnlyWhenTheViewKnowsTheLink() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve("f"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Path policy = dir.resolve("p.json");
        Files.writeString(policy, """
                {"name": "p", "abi": 7, "pathBeneath": [{"paths": ["%s"], "allowedAccess": ["read_file"]}]}""".formatted(real));
        String[] args = {"explain", policy.toString(), "--access", "read_file", "--path", link.resolve("f").toString()};

        String withoutView = run(args);
        assertThat(withoutView).contains("Decision: denied with EACCES");
        String withView = run(append(args, "--host-view"));
        assertThat(withView).contains(real + "/f").contains("Decision: allowed.");
    }

    @Test
    void theCompilerAloneSaysWhatReadsTheHost() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.json"), "{\"name\": \"p\", \"abi\": 7, \"pathBeneath\": []}");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "explain", policy.toString(),
                "--access", "read_file", "--path", "/etc/hosts", "--host-view");
        assertThat(exit).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--host-view needs the full landlock-studio program");
    }

    @Test
    void aFileViewAndTheHostViewExcludeEachOther() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.json"), "{\"name\": \"p\", \"abi\": 7, \"pathBeneath\": []}");
        StringWriter err = new StringWriter();
        int exit = LandlockStudio.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "explain", policy.toString(),
                "--access", "read_file", "--path", "/etc/hosts", "--host-view", "--fs-view", policy.toString());
        assertThat(exit).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("give --fs-view FILE or --host-view, not both");
    }

    private static String[] append(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LandlockStudio.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }
}
