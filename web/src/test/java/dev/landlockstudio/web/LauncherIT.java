package dev.landlockstudio.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.cli.ExitCode;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.web.testing.LaunchedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        Path launcher = checkoutWithoutJar(tree);
        // Stands in for the Maven wrapper: "building" puts the packaged jar where a build would.
        Path mvnw = tree.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\nmkdir -p web/target && cp '" + packagedJar() + "' web/target/"
                + packagedJar().getFileName() + "\n");
        mvnw.toFile().setExecutable(true);

        Run first = run(tree, List.of(launcher.toString(), "validate", ROOT.resolve("examples/network-client.json").toString()));
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.err()).contains("building the program");
        assertThat(first.out()).contains("policy network-client is valid");

        // Once built, the jar is fresh: the next run does not build again.
        Run again = run(tree, List.of(launcher.toString(), "--version"));
        assertThat(again.out() + again.err()).doesNotContain("building").contains("landlock-studio");
    }

    /**
     * What the launcher unpacks and records is code the server runs as root: run under umask 000 it is still writable
     * by its owner only, and a file in it that others could write (left by an older launcher, or tampered with) makes
     * it unpack and record again.
     */
    @Test
    void whatTheLauncherPreparesIsWritableOnlyByItsOwnerWhateverTheUmask(@TempDir Path tree) throws Exception {
        Path launcher = checkoutWithFreshJar(tree);
        Path jar = tree.resolve("web/target").resolve(packagedJar().getFileName());
        List<String> permissive = List.of("sh", "-c", "umask 000 && exec \"$0\" \"$@\"", launcher.toString(), "validate",
                ROOT.resolve("examples/network-client.json").toString());

        Run first = run(tree, permissive);
        assertThat(first.status()).as(first.err()).isZero();
        Path app = tree.resolve("web/target/app");
        assertThat(writableByOthers(app)).as("group- or world-writable under " + app).isEmpty();
        try (Stream<Path> entries = Files.list(app)) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("the command line's archive")
                    .anyMatch(name -> name.startsWith("cli-") && name.endsWith(".jsa"));
        }

        Path unpacked = app.resolve(jar.getFileName());
        Files.setPosixFilePermissions(unpacked, PosixFilePermissions.fromString("rw-rw-rw-"));
        Run again = run(tree, permissive);
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(writableByOthers(app)).isEmpty();
        assertThat(again.out()).contains("policy network-client is valid");
    }

    /** Two first runs at once: one prepares, the other waits for it, and both run the program. */
    @Test
    void firstRunsAtOnceDoNotPrepareOverEachOther(@TempDir Path tree) throws Exception {
        Path launcher = checkoutWithFreshJar(tree);
        List<String> validate = List.of(launcher.toString(), "validate", ROOT.resolve("examples/network-client.json").toString());
        List<CompletableFuture<Run>> runs = Stream.of(1, 2, 3)
                .map(i -> CompletableFuture.supplyAsync(() -> runUnchecked(tree, validate))).toList();
        for (CompletableFuture<Run> future : runs) {
            Run run = future.join();
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("policy network-client is valid");
        }
    }

    private static Run runUnchecked(Path directory, List<String> command) {
        try {
            return run(directory, command);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(Path directory, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A checkout of the launcher and empty modules in {@code tree}, without a jar; returns the launcher. */
    private static Path checkoutWithoutJar(Path tree) throws IOException {
        Path bin = Files.createDirectories(tree.resolve("bin"));
        Files.copy(ROOT.resolve("bin/landlock-studio"), bin.resolve("landlock-studio"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String module : List.of("schemas", "compiler", "enforcer", "web")) {
            Files.createDirectories(tree.resolve(module + "/src/main"));
        }
        for (String pom : List.of("pom.xml", "schemas/pom.xml", "compiler/pom.xml", "enforcer/pom.xml", "web/pom.xml")) {
            Files.writeString(tree.resolve(pom), "<project/>");
        }
        // The example the launcher records the command line's start-up archive with.
        Files.copy(ROOT.resolve("examples/static-web-server.json"),
                Files.createDirectories(tree.resolve("examples")).resolve("static-web-server.json"));
        return bin.resolve("landlock-studio");
    }

    /** The same checkout with the packaged jar in it, newer than its sources, so nothing is built; returns the launcher. */
    private static Path checkoutWithFreshJar(Path tree) throws IOException {
        Path launcher = checkoutWithoutJar(tree);
        Path jar = Files.createDirectories(tree.resolve("web/target")).resolve(packagedJar().getFileName());
        Files.copy(packagedJar(), jar);
        jar.toFile().setLastModified(System.currentTimeMillis() + 1000);
        return launcher;
    }

    private static Path packagedJar() throws IOException {
        try (var jars = Files.list(ROOT.resolve("web/target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("landlock-studio-.*-app\\.jar")).findFirst().orElseThrow();
        }
    }

    /** Every file and folder under {@code dir} that its group or others may write. */
    private static List<Path> writableByOthers(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> {
                Set<PosixFilePermission> modes = permissions(p);
                return modes.contains(PosixFilePermission.GROUP_WRITE) || modes.contains(PosixFilePermission.OTHERS_WRITE);
            }).toList();
        }
    }

    private static Set<PosixFilePermission> permissions(Path path) {
        try {
            return Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
