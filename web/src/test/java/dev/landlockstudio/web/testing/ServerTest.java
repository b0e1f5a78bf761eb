package dev.landlockstudio.web.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class against a server of its own, with a fresh data directory, and an API client of the user admin. */
public abstract class ServerTest {

    @TempDir
    protected static Path data;
    protected static StudioServer server;
    protected static ApiClient api;

    @BeforeAll
    static void startServer() {
        server = StudioServer.start(data);
        api = ApiClient.forAdmin(server, "tests");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
