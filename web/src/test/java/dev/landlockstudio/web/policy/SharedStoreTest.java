package dev.landlockstudio.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.account.UserAccounts;
import dev.landlockstudio.web.testing.ApiClient;
import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.PostgresServer;
import dev.landlockstudio.web.testing.StudioServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The README's PostgreSQL profile, for several instances sharing one store: two instances on one real PostgreSQL
 * database see each other's saves and tokens, refuse each other's stale updates, and lose no update when both
 * write at once.
 */
class SharedStoreTest {

    @TempDir
    Path firstData;

    @TempDir
    Path secondData;

    @Test
    void twoInstancesShareOneDatabase() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
             StudioServer first = StudioServer.start(firstData, profile(postgres));
             StudioServer second = StudioServer.start(secondData, profile(postgres))) {
            try (Connection connection = second.bean(DataSource.class).getConnection()) {
                assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            }
            // The first start made the user admin; the second found it, so it made no password of its own.
            assertThat(firstData.resolve("initial-admin-password")).exists();
            assertThat(secondData.resolve("initial-admin-password")).doesNotExist();

            ApiClient onFirst = ApiClient.forAdmin(first, "first instance");
            ApiClient onSecond = new ApiClient(second, onFirst.token());
            assertThat(onFirst.post("/api/policies", PolicyApiTest.policy("shared", "one")).statusCode()).isEqualTo(201);
            assertThat(onSecond.get("/api/policies/shared").body()).contains("\"one\"");
            assertThat(onSecond.put("/api/policies/shared", PolicyApiTest.policy("shared", "two"), "If-Match", "\"v1\"")
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> stale = onFirst.put("/api/policies/shared", PolicyApiTest.policy("shared", "three"), "If-Match", "\"v1\"");
            assertThat(stale.statusCode()).isEqualTo(412);
            assertThat(stale.body()).contains("v2");
            assertThat(onFirst.get("/api/policies?q=two").body()).contains("\"shared\"");

            // Export keeps the latest version for a second; the other instance's save shows within it.
            String exported = null;
            for (int i = 0; i < 40 && !"2".equals(exported); i++) {
                exported = onFirst.get("/api/policies/shared/export?target=native").headers()
                        .firstValue("Landlock-Studio-Policy-Version").orElse(null);
                Thread.sleep(100);
            }
            assertThat(exported).isEqualTo("2");

            // A share link made on one instance opens on the other, and a revocation on either holds on both at once.
            String url = Json.parse(onFirst.post("/api/policies/shared/versions/1/shares", "").body()).get("url").stringValue();
            String path = url.substring(url.indexOf("/share/"));
            assertThat(second.send(second.request(path + "/policy.json")).body()).isEqualTo(PolicyApiTest.policy("shared", "one"));
            long link = Json.parse(onSecond.get("/api/policies/shared/shares").body()).get(0).get("id").longValue();
            assertThat(onSecond.delete("/api/policies/shared/shares/" + link).statusCode()).isEqualTo(204);
            assertThat(first.send(first.request(path)).statusCode()).isEqualTo(404);

            // A password changed on one instance signs the user's sessions on the other out within a second.
            first.bean(UserAccounts.class).add("traveller", first.bean(PasswordEncoder.class).encode("the old password"));
            BrowserSession here = BrowserSession.signIn(first, "traveller", "the old password");
            BrowserSession there = BrowserSession.signIn(second, "traveller", "the old password");
            assertThat(there.get("/policies").statusCode()).isEqualTo(200);
            here.post("/account/password", "current=the+old+password&password=a+new+long+password&repeated=a+new+long+password");
            assertThat(here.get("/account").body()).as("the session that changed it stays").contains("Password changed.");
            int page = 200;
            for (int i = 0; i < 30 && page == 200; i++) {
                Thread.sleep(100);
                page = there.get("/policies").statusCode();
            }
            assertThat(page).as("the session on the other instance is signed out").isEqualTo(302);
            assertThat(there.get("/api/policies").statusCode()).isEqualTo(401);
            assertThat(BrowserSession.signIn(second, "traveller", "a new long password").get("/policies").statusCode()).isEqualTo(200);

            StorageTest.twoWritersNeverOverwriteEachOther(onFirst, onSecond, 30);
        }
    }

    private static String[] profile(PostgresServer postgres) {
        return new String[] {"--spring.profiles.active=postgres", "--LANDLOCK_STUDIO_DB_URL=" + postgres.jdbcUrl(),
                "--LANDLOCK_STUDIO_DB_USER=" + PostgresServer.USER};
    }
}
