package dev.landlockstudio.web.testing;

import dev.landlockstudio.web.WebApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The web app, started for real on a free port of 127.0.0.1 with its H2 file database in a given data directory;
 * started again on the same directory, it finds everything it stored. Tests talk to it over HTTP.
 */
public final class StudioServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    private StudioServer(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
        Environment environment = context.getEnvironment();
        this.base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
    }

    public static StudioServer start(Path dataDir, String... properties) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--landlock-studio.data-dir=" + dataDir,
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        arguments.addAll(List.of(properties));
        return new StudioServer(new SpringApplicationBuilder(WebApplication.class).run(arguments.toArray(String[]::new)), dataDir);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public String url(String path) {
        return base + path;
    }

    /** The password the first start gave the user admin. */
    public String adminPassword() {
        try {
            return Files.readString(dataDir.resolve("initial-admin-password")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path)));
    }

    @Override
    public void close() {
        context.close();
    }
}
