package dev.landlockstudio.web.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.stereotype.Component;

/**
 * Tomcat's document root in the data directory (beside its work directory, {@code server.tomcat.basedir}): without
 * one, every start makes a new folder in /tmp that a stopped server leaves behind. Nothing is served from it.
 */
@Component
class ServerDirectories implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> {

    private final StudioProperties properties;

    ServerDirectories(StudioProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(ConfigurableServletWebServerFactory factory) {
        Path documentRoot = properties.dataDir().resolve("tomcat").resolve("document-root");
        try {
            Files.createDirectories(documentRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + documentRoot, e);
        }
        factory.setDocumentRoot(documentRoot.toAbsolutePath().toFile());
    }
}
