package dev.landlockstudio.web.testing;

import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own: a fresh cluster (Debian's postgresql package) in a temporary directory,
 * listening on a free port of 127.0.0.1 with one database, stopped and removed on close. As root it runs as the
 * package's postgres user, since PostgreSQL refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "landlock_studio";
    public static final String USER = "landlock_studio";

    private final Path bin;
    private final Path dir;
    private final int port;

    private PostgresServer(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    public static PostgresServer start() throws Exception {
        Optional<Path> bin = binaries();
        EnforcerTestSupport.require(bin.isPresent(), "PostgreSQL's server is not installed (bin/test installs Debian's postgresql)");
        Path dir = Files.createTempDirectory("landlock-studio-postgres");
        PostgresServer server = new PostgresServer(bin.orElseThrow(), dir, freePort());
        try {
            if (asRoot()) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            server.pg("initdb", "-D", dir.resolve("data").toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync");
            server.pg("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "start", "-o",
                    "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off");
            server.pg("createdb", "-h", "127.0.0.1", "-p", String.valueOf(server.port), "-U", USER, DATABASE);
            return server;
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public void close() throws Exception {
        if (Files.exists(dir.resolve("data/postmaster.pid"))) {
            pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        }
        FileTrees.delete(dir);
    }

    private void pg(String program, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        if (asRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        run(command);
    }

    /** Runs a command to its end (the server itself writes to its log, so pg_ctl's output ends when pg_ctl does). */
    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest installed server's programs: Debian keeps each major version in /usr/lib/postgresql/N/bin. */
    private static Optional<Path> binaries() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> installed = Files.list(versions)) {
            return installed.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
