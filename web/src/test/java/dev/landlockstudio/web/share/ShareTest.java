package dev.landlockstudio.web.share;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.testing.ApiClient;
import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import dev.landlockstudio.web.token.ApiTokenStore;
import dev.landlockstudio.web.token.TokenScope;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Share links: one saved version, read-only, for anyone holding the link and for nothing else; revoked at once; the
 * same 404 for a revoked link as for one that never was.
 */
class ShareTest extends ServerTest {

    private static final Pattern LINKS = Pattern.compile("(?:href|action|src)=\"([^\"]*)\"");

    /** Saves {@code name} as v1 and v2 (v2 adds a rule) and shares v1; answers the link's secret. */
    private static String sharedFirstVersion(String name) {
        assertThat(api.post("/api/policies", first(name)).statusCode()).isEqualTo(201);
        assertThat(api.put("/api/policies/" + name, second(name), "If-Match", "\"v1\"").statusCode()).isEqualTo(200);
        HttpResponse<String> shared = api.post("/api/policies/" + name + "/versions/1/shares", "");
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(201);
        String url = Json.parse(shared.body()).get("url").stringValue();
        assertThat(url).startsWith(server.url("/share/"));
        return url.substring(server.url("/share/").length());
    }

    /** Formatted by hand, as people save documents: the share must answer it exactly so. */
    private static String first(String name) {
        return "{ \"name\": \"" + name + "\",   \"abi\": 6,\n  \"pathBeneath\": [ { \"paths\": [\"/usr\"], \"allowedAccess\": [\"read_file\"] } ] }\n";
    }

    private static String second(String name) {
        return "{\"name\": \"" + name + "\", \"abi\": 6, \"pathBeneath\": [{\"paths\": [\"/usr\"], \"allowedAccess\": [\"read_file\"]},"
                + " {\"paths\": [\"/secret-second-version\"], \"allowedAccess\": [\"read_file\"]}]}";
    }

    private static HttpResponse<String> anonymous(String path) {
        return server.send(server.request(path));
    }

    @Test
    void signedOutALinkOpensItsVersionTheDownloadAndTheExports() {
        String secret = sharedFirstVersion("shared-open");
        HttpResponse<String> page = anonymous("/share/" + secret);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("shared-open", "v1", "Download policy JSON", "&quot;/usr&quot;")
                .doesNotContain("secret-second-version");
        assertThat(page.body()).as("the native output at the policy's own ABI").contains("Enforced at ABI 6");

        HttpResponse<String> file = anonymous("/share/" + secret + "/policy.json");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(first("shared-open"));
        assertThat(file.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"shared-open-v1.json\"");

        HttpResponse<String> oci = anonymous("/share/" + secret + "?target=oci&abi=4");
        assertThat(oci.statusCode()).isEqualTo(200);
        assertThat(oci.body()).contains("Enforced at ABI 4", "<option value=\"oci\" title=");
        HttpResponse<String> exported = anonymous("/share/" + secret + "/export?target=oci&abi=4");
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"shared-open-oci-abi4.json\"");
        assertThat(exported.body()).isEqualTo(api.get("/api/policies/shared-open/export?target=oci&abi=4&version=1").body());
        assertThat(anonymous("/share/" + secret + "?target=landlockconfig&abi=4").body()).contains("format=toml\">Download as TOML");
        HttpResponse<String> toml = anonymous("/share/" + secret + "/export?target=landlockconfig&abi=4&format=toml");
        assertThat(toml.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"shared-open-landlockconfig-abi4.toml\"");
        assertThat(toml.body()).isEqualTo(api.get("/api/policies/shared-open/export?target=landlockconfig&abi=4&version=1&format=toml").body());

        HttpResponse<String> picture = anonymous("/share/" + secret + "/picture?abi=4");
        assertThat(picture.statusCode()).isEqualTo(200);
        assertThat(picture.body()).as("the version's picture, as the editor's picture call draws it")
                .isEqualTo(api.post("/api/picture?abi=4", first("shared-open")).body());
    }

    @Test
    void theSharedPageLeadsNowhereElseAndNeedsNoSession() {
        String secret = sharedFirstVersion("shared-closed");
        BrowserSession admin = BrowserSession.signIn(server, "admin", server.adminPassword());
        for (HttpResponse<String> page : List.of(anonymous("/share/" + secret),
                server.send(server.request("/share/" + secret).header("Cookie", admin.cookie())))) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Set-Cookie")).as("no session is made").isEmpty();
            assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
            assertThat(page.headers().firstValue("X-Robots-Tag")).hasValue("noindex, nofollow");
            assertThat(page.body()).doesNotContain("_csrf", "Sign out", "/policies", "/host", "/tokens", "/api", "/account",
                    "/login", "/dry-runs", "/try");
            Matcher links = LINKS.matcher(page.body());
            while (links.find()) {
                assertThat(links.group(1)).as("every link stays on the share or loads an asset")
                        .matches("/share/" + secret + "(/policy\\.json|/export\\?.*)?|/(css|js|icons)/([\\w-]+/)*[\\w-]+\\.[a-z]+");
            }
        }
    }

    @Test
    void revokedAndUnknownLinksGetTheSameNotFound() {
        String secret = sharedFirstVersion("shared-revoked");
        long id = Json.parse(api.get("/api/policies/shared-revoked/shares").body()).get(0).get("id").longValue();
        assertThat(api.delete("/api/policies/shared-revoked/shares/" + id).statusCode()).isEqualTo(204);
        assertThat(api.delete("/api/policies/shared-revoked/shares/" + id).statusCode()).as("revoked once").isEqualTo(404);
        assertThat(Json.parse(api.get("/api/policies/shared-revoked/shares").body()).get(0).get("revoked").booleanValue()).isTrue();

        String unknown = "A".repeat(43);
        for (String path : List.of("", "/policy.json", "/export?target=native", "/picture")) {
            HttpResponse<String> revoked = anonymous("/share/" + secret + path);
            HttpResponse<String> never = anonymous("/share/" + unknown + path);
            assertThat(revoked.statusCode()).isEqualTo(404);
            assertThat(never.statusCode()).isEqualTo(404);
            assertThat(revoked.body()).isEqualTo(never.body()).contains("unknown or has been revoked").doesNotContain("/policies");
        }
        assertThat(anonymous("/share/not-even-a-link").body()).isEqualTo(anonymous("/share/" + unknown).body());
    }

    @Test
    void aLinkReachesItsOwnVersionOnly() {
        String secret = sharedFirstVersion("shared-one");
        assertThat(api.post("/api/policies", first("shared-other")).statusCode()).isEqualTo(201);
        assertThat(anonymous("/share/" + secret + "/policy.json?version=2&policy=shared-other&name=shared-other").body())
                .isEqualTo(first("shared-one"));
        assertThat(anonymous("/share/" + secret + "?version=2").body()).doesNotContain("secret-second-version");
        assertThat(anonymous("/share/" + secret + "/export?target=native&version=2").body())
                .isEqualTo(api.get("/api/policies/shared-one/export?target=native&version=1").body());
        for (String path : List.of("/share/" + secret + "/versions/2", "/share/" + secret + "/../../api/policies/shared-other",
                "/share/" + secret + "/%2e%2e/%2e%2e/policies/shared-other", "/share/" + secret + "/..;/..;/api/policies",
                "/share/../api/policies/shared-other", "/share/" + secret + "/dry-runs")) {
            HttpResponse<String> answer = anonymous(path);
            assertThat(answer.statusCode()).as(path).isIn(400, 401, 404);
            assertThat(answer.body()).as(path).doesNotContain("secret-second-version", "pathBeneath");
        }
    }

    @Test
    void nothingBeneathTheSharePathIsWritable() {
        String secret = sharedFirstVersion("shared-readonly");
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> answer = server.send(server.request("/share/" + secret).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(answer.statusCode()).as(method).isEqualTo(404);
        }
        assertThat(anonymous("/share/" + secret).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenOfScopeExportCannotMakeListOrRevokeLinks() {
        sharedFirstVersion("shared-scoped");
        ApiClient exportOnly = new ApiClient(server, server.bean(ApiTokenStore.class)
                .create("admin", "ci", TokenScope.EXPORT, null).secret());
        assertThat(exportOnly.post("/api/policies/shared-scoped/versions/1/shares", "").statusCode()).isEqualTo(403);
        assertThat(exportOnly.get("/api/policies/shared-scoped/shares").statusCode()).isEqualTo(403);
        assertThat(exportOnly.delete("/api/policies/shared-scoped/shares/1").statusCode()).isEqualTo(403);
        assertThat(Json.parse(api.get("/api/policies/shared-scoped/shares").body())).hasSize(1);
        assertThat(anonymous("/api/policies/shared-scoped/shares").statusCode()).isEqualTo(401);
    }

    @Test
    void onlyVersionsThatExistOfPoliciesThatDoAreShared() {
        sharedFirstVersion("shared-bounds");
        assertThat(api.post("/api/policies/shared-bounds/versions/3/shares", "").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/policies/shared-bounds/versions/0/shares", "").statusCode()).isEqualTo(400);
        assertThat(api.post("/api/policies/no-such-policy/versions/1/shares", "").statusCode()).isEqualTo(404);
    }

    @Test
    void deletingAPolicyRevokesItsLinks() {
        String secret = sharedFirstVersion("shared-deleted");
        assertThat(api.delete("/api/policies/shared-deleted", "If-Match", "\"v2\"").statusCode()).isEqualTo(204);
        assertThat(anonymous("/share/" + secret).statusCode()).isEqualTo(404);
        assertThat(api.post("/api/policies/shared-deleted/versions/1/shares", "").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/policies", first("shared-deleted")).statusCode()).as("saved again").isEqualTo(201);
        assertThat(anonymous("/share/" + secret).statusCode()).as("a link, once revoked, stays so").isEqualTo(404);
    }

    @Test
    void thePagesMakeListAndRevokeLinksWithTheirCsrfToken() {
        assertThat(api.post("/api/policies", first("shared-pages")).statusCode()).isEqualTo(201);
        BrowserSession admin = BrowserSession.signIn(server, "admin", server.adminPassword());
        HttpResponse<String> withoutToken = server.send(server.request("/policies/shared-pages/shares").header("Cookie", admin.cookie())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("version=1")));
        assertThat(withoutToken.statusCode()).as("CSRF").isEqualTo(403);

        HttpResponse<String> made = admin.post("/policies/shared-pages/shares", "version=1");
        assertThat(made.statusCode()).isEqualTo(302);
        assertThat(made.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/policies/shared-pages/shares"));
        String list = server.send(server.request("/policies/shared-pages/shares").header("Cookie",
                made.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElse(admin.cookie()))).body();
        Matcher url = Pattern.compile("value=\"" + Pattern.quote(server.url("/share/")) + "([A-Za-z0-9_-]{43})\"").matcher(list);
        assertThat(url.find()).as(list).isTrue();
        assertThat(anonymous("/share/" + url.group(1)).statusCode()).isEqualTo(200);
        assertThat(admin.get("/policies/shared-pages/shares").body()).as("shown once").doesNotContain(url.group(1))
                .contains("active", "admin");

        long id = Json.parse(api.get("/api/policies/shared-pages/shares").body()).get(0).get("id").longValue();
        assertThat(admin.post("/policies/shared-pages/shares/" + id + "/revoke", "x=").statusCode()).isEqualTo(302);
        assertThat(anonymous("/share/" + url.group(1)).statusCode()).isEqualTo(404);
        assertThat(admin.get("/policies/shared-pages/shares").body()).contains("revoked");
    }

    @Test
    void aVersionDownloadsAsItWasSavedAndTheHistorySumsUpEachVersion() {
        assertThat(api.post("/api/policies", first("shared-history")).statusCode()).isEqualTo(201);
        assertThat(api.put("/api/policies/shared-history", second("shared-history"), "If-Match", "\"v1\"").statusCode()).isEqualTo(200);
        BrowserSession admin = BrowserSession.signIn(server, "admin", server.adminPassword());
        HttpResponse<String> file = admin.get("/policies/shared-history/versions/1/policy.json");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(first("shared-history"));
        assertThat(file.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"shared-history-v1.json\"");
        assertThat(admin.get("/policies/shared-history/versions/3/policy.json").statusCode()).isEqualTo(404);
        assertThat(anonymous("/policies/shared-history/versions/1/policy.json").statusCode()).as("signed out").isEqualTo(302);

        String history = admin.get("/policies/shared-history/history").body();
        assertThat(history).contains("rule 2 added (/secret-second-version)", "Share v2", "Share v1");
    }
}
