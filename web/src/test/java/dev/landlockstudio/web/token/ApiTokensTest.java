package dev.landlockstudio.web.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.testing.ApiClient;
import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens made on their page: a scope, an optional expiry, a revocation that asks first. */
class ApiTokensTest extends ServerTest {

    private static final Pattern NEW_TOKEN = Pattern.compile("id=\"new-token\">(lls_[0-9a-f]+)<");
    private static final String EXPORT = "/api/policies/scoped/export?target=oci&abi=7";

    private static BrowserSession admin;

    private static String policy(String name) {
        return "{\"name\": \"" + name + "\", \"abi\": 7, \"pathBeneath\": [{\"paths\": [\"/usr\"], \"allowedAccess\": [\"read_file\"]}]}";
    }

    @BeforeAll
    static void signInAndSaveAPolicy() {
        admin = BrowserSession.signIn(server, "admin", server.adminPassword());
        assertThat(api.post("/api/policies", policy("scoped")).statusCode()).isEqualTo(201);
    }

    /** Creates a token on the page; answers the page shown after, which holds the token once. */
    private static String createOnThePage(String form) {
        HttpResponse<String> created = admin.post("/tokens", form);
        assertThat(created.statusCode()).isEqualTo(302);
        return admin.get("/tokens").body();
    }

    private static String secretIn(String page) {
        Matcher matcher = NEW_TOKEN.matcher(page);
        assertThat(matcher.find()).as("a new token on the page").isTrue();
        return matcher.group(1);
    }

    @Test
    void anExportTokenExportsAndNothingElse() {
        ApiClient ci = new ApiClient(server, secretIn(createOnThePage("name=ci-export&scope=export")));
        HttpResponse<String> exported = ci.get(EXPORT);
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.body()).isEqualTo(api.get(EXPORT).body());

        for (HttpResponse<String> refused : java.util.List.of(ci.get("/api/policies"), ci.get("/api/policies/scoped"),
                ci.post("/api/validate", policy("other")), ci.delete("/api/policies/scoped", "If-Match", "\"v1\""),
                ci.get("/api/policies/scoped/versions"))) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"insufficient_scope\", scope=\"full\"");
            assertThat(Json.parse(refused.body()).get("type").stringValue()).endsWith("/insufficient-scope");
            assertThat(Json.parse(refused.body()).get("detail").stringValue()).contains("scope is export").contains("scope full");
        }
        assertThat(api.get("/api/policies/scoped").statusCode()).as("nothing was deleted").isEqualTo(200);

        ApiClient full = new ApiClient(server, secretIn(createOnThePage("name=ci-full&scope=full")));
        assertThat(full.get("/api/policies").statusCode()).isEqualTo(200);
        assertThat(full.get(EXPORT).statusCode()).isEqualTo(200);
        assertThat(admin.get("/tokens").body()).contains("<td>export</td>").contains("<td>full</td>");
    }

    @Test
    void aTokenExpiresAfterItsDaysOrOnItsDate() {
        Instant before = Instant.now();
        String page = createOnThePage("name=for-a-week&scope=export&days=7&until=");
        ApiClient weekly = new ApiClient(server, secretIn(page));
        assertThat(weekly.get(EXPORT).statusCode()).isEqualTo(200);
        ApiTokenStore tokens = server.bean(ApiTokenStore.class);
        assertThat(tokens.list("admin")).filteredOn(t -> t.name().equals("for-a-week")).singleElement()
                .satisfies(t -> assertThat(t.expiresAt()).isBetween(before.plus(7, ChronoUnit.DAYS), Instant.now().plus(7, ChronoUnit.DAYS)));

        LocalDate date = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        secretIn(createOnThePage("name=until-a-date&scope=full&days=&until=" + date));
        assertThat(tokens.list("admin")).filteredOn(t -> t.name().equals("until-a-date")).singleElement()
                .satisfies(t -> assertThat(t.expiresAt()).isEqualTo(date.atStartOfDay(ZoneOffset.UTC).toInstant()));

        String expired = tokens.create("admin", "expired", TokenScope.EXPORT, Instant.now().minusSeconds(1)).secret();
        HttpResponse<String> refused = new ApiClient(server, expired).get(EXPORT);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.parse(refused.body()).get("type").stringValue()).endsWith("/expired-token");
        assertThat(Json.parse(refused.body()).get("detail").stringValue()).contains("expired");
        assertThat(admin.get("/tokens").body()).contains("<td>expired</td>");
    }

    @Test
    void whatCannotBeATokenIsSaidAndNothingIsMade() {
        int before = server.bean(ApiTokenStore.class).list("admin").size();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertThat(createOnThePage("name=no-scope")).contains("Choose the token&#39;s scope");
        assertThat(createOnThePage("name=bad-scope&scope=admin")).contains("Choose the token&#39;s scope");
        assertThat(createOnThePage("name=both&scope=export&days=3&until=" + tomorrow)).contains("either a number of days or a date");
        assertThat(createOnThePage("name=zero&scope=export&days=0")).contains("from 1 to 3650");
        assertThat(createOnThePage("name=huge&scope=export&days=99999999999999999999")).contains("from 1 to 3650");
        assertThat(createOnThePage("name=past&scope=export&until=2020-01-01")).contains("after today");
        assertThat(createOnThePage("name=today&scope=export&until=" + LocalDate.now(ZoneOffset.UTC))).contains("after today");
        assertThat(createOnThePage("name=garbled&scope=export&until=next+week")).contains("a date such as");
        assertThat(server.bean(ApiTokenStore.class).list("admin")).hasSize(before);
    }

    @Test
    void revokingAsksFirstAndOnlyThePostRevokes() {
        ApiTokenStore.Created created = server.bean(ApiTokenStore.class).create("admin", "to-revoke");
        ApiClient user = new ApiClient(server, created.secret());
        String confirm = "/tokens/" + created.token().id() + "/revoke";

        HttpResponse<String> question = admin.get(confirm);
        assertThat(question.statusCode()).isEqualTo(200);
        assertThat(question.body()).contains("Revoke the token <span>to-revoke</span>?")
                .contains("method=\"post\" action=\"" + confirm + "\"");
        assertThat(user.get("/api/policies").statusCode()).as("asking revokes nothing").isEqualTo(200);

        assertThat(admin.post(confirm, "").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/tokens"));
        assertThat(admin.get("/tokens").body()).contains("Token revoked");
        assertThat(user.get("/api/policies").statusCode()).isEqualTo(401);
        HttpResponse<String> again = admin.get(confirm);
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(admin.get("/tokens").body()).contains("revoked already");
    }
}
