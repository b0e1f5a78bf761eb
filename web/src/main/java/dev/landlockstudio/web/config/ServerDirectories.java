package dev.landlockstudio.web.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat's work directory and document root in DATA-DIR/tomcat: without them, every start makes new folders in /tmp
 * that a stopped server leaves behind. Nothing is served from the document root (WebConfig serves the classpath only).
 */
@Component
class ServerDirectories implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final StudioProperties properties;

    ServerDirectories(StudioProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        Path tomcat = properties.dataDir().resolve("tomcat").toAbsolutePath();
        Path documentRoot = tomcat.resolve("document-root");
        try {
            Files.createDirectories(documentRoot, PosixFilePermissions.asFileAttribute(PrivateFiles.DIRECTORY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + documentRoot, e);
        }
        factory.setBaseDirectory(tomcat.toFile());
        factory.setDocumentRoot(documentRoot.toFile());
    }
}
