package dev.landlockstudio.web.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.web.testing.ApiClient;
import dev.landlockstudio.web.testing.StudioServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token made before tokens had a scope keeps doing what it did: it becomes a full token that never expires. */
class TokenMigrationTest {

    @TempDir
    Path data;

    @Test
    void aTokenFromBeforeScopesIsFullAndNeverExpires() throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("landlock-studio");
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("2").load().migrate();
        String secret = ApiTokenStore.PREFIX + "0123456789abcdef".repeat(4);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        try (Connection connection = DriverManager.getConnection(url, "sa", ""); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO app_user (username, password_hash, created_at) VALUES ('admin', 'x', CURRENT_TIMESTAMP)");
            sql.execute("INSERT INTO api_token (username, name, token_hash, created_at) VALUES ('admin', 'old-ci', '" + hash
                    + "', CURRENT_TIMESTAMP)");
        }
        try (StudioServer server = StudioServer.start(data)) {
            ApiClient old = new ApiClient(server, secret);
            assertThat(old.get("/api/policies").statusCode()).isEqualTo(200);
            assertThat(old.post("/api/validate", "{\"name\": \"still-full\", \"abi\": 7}").statusCode()).isEqualTo(200);
            assertThat(server.bean(ApiTokenStore.class).list("admin")).singleElement().satisfies(token -> {
                assertThat(token.scope()).isEqualTo(TokenScope.FULL);
                assertThat(token.expiresAt()).isNull();
            });
        }
    }
}
