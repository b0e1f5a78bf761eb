package dev.landlockstudio.web.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web app as a user starts it, {@code bin/landlock-studio serve}, in a process of its own on a free port of
 * 127.0.0.1 (the packaged jar, without rebuilding it when it is fresh). Its log is read all along, so that it never
 * blocks on a full pipe.
 */
public final class LaunchedServer implements AutoCloseable {

    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    private final Process process;
    private final StringBuffer log = new StringBuffer();
    private final CompletableFuture<String> port = new CompletableFuture<>();

    private LaunchedServer(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readLog, "launched-server-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts it on {@code dataDir} with {@code arguments} after serve's own, and waits until it answers. */
    public static LaunchedServer start(Path dataDir, String... arguments) {
        return start(List.of(), dataDir, arguments);
    }

    /** The same, the launcher run by {@code prefix} (e.g. a shell that sets a umask first, then execs its arguments). */
    public static LaunchedServer start(List<String> prefix, Path dataDir, String... arguments) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(ROOT.resolve("bin/landlock-studio").toString(), "serve", "--port", "0",
                "--data-dir", dataDir.toString()));
        command.addAll(List.of(arguments));
        LaunchedServer server;
        try {
            server = new LaunchedServer(new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // The first start after a build also prepares the fast start, which takes long on a busy machine.
            server.port.get(300, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("the server did not start:\n" + server.log, e);
        }
        return server;
    }

    private void readLog() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.append(line).append('\n');
                Matcher matcher = STARTED.matcher(line);
                if (matcher.find()) {
                    port.complete(matcher.group(1));
                }
            }
        } catch (IOException e) {
            // The process is gone; what it said is in the log.
        }
        port.completeExceptionally(new IllegalStateException("the server ended"));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port.join() + path;
    }

    public String log() {
        return log.toString();
    }

    /** SIGKILL, as a crash or the OOM killer ends it: nothing runs after it. Returns the exit status (137). */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server outlived SIGKILL");
        }
        return process.exitValue();
    }

    /** Stops it as a service manager does (SIGTERM), and waits for it to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
