package dev.landlockstudio.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bin/landlock-studio runs the packaged CLI jar as a user would, without rebuilding it. */
class LauncherIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void launcherRunsThePackagedJar() throws Exception {
        Process process = new ProcessBuilder(List.of(ROOT.resolve("bin/landlock-studio").toString(), "compile",
                ROOT.resolve("examples/static-web-server.json").toString(), "--target", "go-landlock", "--abi", "7"))
                .directory(ROOT.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        assertThat(err).as("the jar is fresh, so nothing is rebuilt").doesNotContain("building");
        assertThat(out).contains("\"forbidden_access\"", "\"best_effort\": true");
    }

    @Test
    void launcherPassesExitCodesThrough() throws Exception {
        Process process = new ProcessBuilder(List.of(ROOT.resolve("bin/landlock-studio").toString(), "compile",
                ROOT.resolve("examples/network-client.json").toString(), "--target", "oci-1111"))
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(ExitCode.REFUSED);
    }
}
