package dev.landlockstudio.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.web.testing.LaunchedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/landlock-studio runs the packaged jar as a user would, without rebuilding it. */
class LauncherIT {

    private static final Path ROOT = LaunchedServer.ROOT;

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

    /** On a fresh checkout there is no jar: the launcher builds it, then runs it. */
    @Test
    void launcherBuildsTheJarWhenMissing(@TempDir Path tree) throws Exception {
        Path bin = Files.createDirectories(tree.resolve("bin"));
        Files.copy(ROOT.resolve("bin/landlock-studio"), bin.resolve("landlock-studio"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String module : List.of("schemas", "compiler", "enforcer", "web")) {
            Files.createDirectories(tree.resolve(module + "/src/main"));
        }
        for (String pom : List.of("pom.xml", "schemas/pom.xml", "compiler/pom.xml", "enforcer/pom.xml", "web/pom.xml")) {
            Files.writeString(tree.resolve(pom), "<project/>");
        }
        Path packaged;
        try (var jars = Files.list(ROOT.resolve("web/target"))) {
            packaged = jars.filter(p -> p.getFileName().toString().matches("landlock-studio-.*-app\\.jar")).findFirst().orElseThrow();
        }
        // Stands in for the Maven wrapper: "building" puts the packaged jar where a build would.
        Path mvnw = tree.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\nmkdir -p web/target && cp '" + packaged + "' web/target/" + packaged.getFileName() + "\n");
        mvnw.toFile().setExecutable(true);

        Process process = new ProcessBuilder(List.of(bin.resolve("landlock-studio").toString(), "validate",
                ROOT.resolve("examples/network-client.json").toString())).directory(tree.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        assertThat(err).contains("building the program");
        assertThat(out).contains("policy network-client is valid");

        // Once built, the jar is fresh: the next run does not build again.
        Process again = new ProcessBuilder(List.of(bin.resolve("landlock-studio").toString(), "--version"))
                .directory(tree.toFile()).redirectErrorStream(true).start();
        String both = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(both).doesNotContain("building").contains("landlock-studio");
    }

    @Test
    void hostReportsThisKernel() throws Exception {
        Process process = new ProcessBuilder(List.of(ROOT.resolve("bin/landlock-studio").toString(), "host", "--json"))
                .directory(ROOT.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(out).contains("\"kernel\": \"" + Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip() + "\"");
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

    /** A policy piped in: "try -" reads standard input, like the compiler's subcommands. */
    @Test
    void tryReadsThePolicyFromStandardInput() throws Exception {
        EnforcerTestSupport.requireLandlock();
        Process process = new ProcessBuilder(List.of(ROOT.resolve("bin/landlock-studio").toString(), "try", "-", "--scratch",
                "--probe", "read_file:/etc/ssl/certs/x.pem", "--probe", "write_file:/etc/ssl/certs/x.pem"))
                .directory(ROOT.toFile()).redirectInput(ROOT.resolve("examples/network-client.json").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        assertThat(out).containsPattern("read_file /etc/ssl/certs/x.pem +allowed +allowed +ok")
                .containsPattern("write_file /etc/ssl/certs/x.pem +EACCES +EACCES +ok");
    }

    /** The README's start command: the web app answers on loopback, asks for a sign-in, and prints the first password. */
    @Test
    void serveStartsTheWebApp(@TempDir Path data) throws Exception {
        try (LaunchedServer server = LaunchedServer.start(data)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(server.url("/login"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(server.url("/api/policies"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(401);
            for (int i = 0; i < 100 && !Files.exists(data.resolve("initial-admin-password")); i++) {
                Thread.sleep(50);
            }
            assertThat(data.resolve("initial-admin-password")).exists();
        }
    }
}
