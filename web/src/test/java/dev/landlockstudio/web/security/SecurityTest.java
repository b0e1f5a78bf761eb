package dev.landlockstudio.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.account.UserAccounts;
import dev.landlockstudio.web.testing.BrowserSession;
import dev.landlockstudio.web.testing.ServerTest;
import dev.landlockstudio.web.testing.StudioServer;
import dev.landlockstudio.web.token.ApiTokenStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The safe defaults: loopback only, nothing without signing in, CSRF on forms, tokens that can be revoked. */
class SecurityTest extends ServerTest {

    @Test
    void theApiNeedsCredentials() {
        HttpResponse<String> anonymous = server.send(server.request("/api/policies"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

        HttpResponse<String> wrongToken = server.send(server.request("/api/policies").header("Authorization", "Bearer lls_nope"));
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(Json.parse(wrongToken.body()).get("detail").stringValue()).contains("unknown or revoked");
    }

    @Test
    void pagesRedirectToTheSignInPage() {
        HttpResponse<String> page = server.send(server.request("/policies"));
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(server.send(server.request("/login")).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        ApiTokenStore tokens = server.bean(ApiTokenStore.class);
        ApiTokenStore.Created created = tokens.create("admin", "short-lived");
        assertThat(server.send(server.request("/api/policies").header("Authorization", "Bearer " + created.secret())).statusCode())
                .isEqualTo(200);
        assertThat(tokens.revoke("admin", created.token().id())).isTrue();
        assertThat(server.send(server.request("/api/policies").header("Authorization", "Bearer " + created.secret())).statusCode())
                .isEqualTo(401);
        assertThat(tokens.list("admin")).filteredOn(t -> t.id() == created.token().id())
                .singleElement().satisfies(t -> assertThat(t.revokedAt()).isNotNull().isAfterOrEqualTo(t.lastUsedAt()));
    }

    @Test
    void theInitialPasswordSignsInAndIsReadableByThisUserOnly() throws Exception {
        assertThat(Files.getPosixFilePermissions(data.resolve("initial-admin-password")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        BrowserSession session = BrowserSession.signIn(server, "admin", server.adminPassword());
        assertThat(session.get("/policies").statusCode()).isEqualTo(200);
        HttpResponse<String> missing = server.send(server.request("/no-such-page").header("Cookie", session.cookie())
                .header("Accept", "text/html"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(BrowserSession.signIn(server, "admin", "wrong").location()).endsWith("/login?error");
    }

    @Test
    void wrongPasswordsInARowPauseSigningIn() {
        server.bean(UserAccounts.class).add("guessed", server.bean(PasswordEncoder.class).encode("the right one"));
        for (int i = 0; i < SignInAttempts.ALLOWED_FAILURES; i++) {
            assertThat(BrowserSession.signIn(server, "guessed", "guess " + i).location()).endsWith("/login?error");
        }
        assertThat(BrowserSession.signIn(server, "guessed", "the right one").location()).as("even the right password waits")
                .endsWith("/login?paused");
        assertThat(BrowserSession.signIn(server, "admin", server.adminPassword()).location()).as("other users are not affected")
                .doesNotContain("/login");
    }

    @Test
    void aChangedPasswordSignsInAndTheOtherDoesNot() {
        server.bean(UserAccounts.class).add("changer", server.bean(PasswordEncoder.class).encode("first password"));
        BrowserSession session = BrowserSession.signIn(server, "changer", "first password");
        assertThat(session.post("/account/password", "current=wrong&password=a+long+new+one&repeated=a+long+new+one")
                .headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/account"));
        assertThat(session.get("/account").body()).contains("The current password is not right.");
        session.post("/account/password", "current=first+password&password=a+long+new+one&repeated=a+long+new+one");
        assertThat(session.get("/account").body()).contains("Password changed.");
        assertThat(BrowserSession.signIn(server, "changer", "first password").location()).endsWith("/login?error");
        assertThat(BrowserSession.signIn(server, "changer", "a long new one").location()).doesNotContain("/login");
    }

    @Test
    void formPostsAndSessionApiCallsNeedTheCsrfToken() throws Exception {
        BrowserSession session = BrowserSession.signIn(server, "admin", server.adminPassword());
        HttpResponse<String> withoutToken = server.send(server.request("/logout").header("Cookie", session.cookie())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(withoutToken.statusCode()).isEqualTo(403);

        String policy = "{\"name\": \"csrf\", \"abi\": 7}";
        HttpResponse<String> apiWithoutToken = server.send(server.request("/api/policies").header("Cookie", session.cookie())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(policy)));
        assertThat(apiWithoutToken.statusCode()).isEqualTo(403);
        assertThat(Json.parse(apiWithoutToken.body()).get("type").stringValue()).endsWith("/csrf");

        HttpResponse<String> apiWithToken = server.send(server.request("/api/policies").header("Cookie", session.cookie())
                .header("X-CSRF-TOKEN", session.csrf()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(policy)));
        assertThat(apiWithToken.statusCode()).isEqualTo(201);
    }

    @Test
    void requestsLargerThanTheLimitAreRefused() {
        String token = server.bean(ApiTokenStore.class).create("admin", "big").secret();
        String huge = "{\"name\": \"big\", \"description\": \"" + "x".repeat(1_100_000) + "\"}";
        HttpResponse<String> refused = server.send(server.request("/api/validate").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(huge)));
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void onlyTheAppsOwnAssetsAreServedNeverAFileOnDisk() throws Exception {
        assertThat(server.send(server.request("/css/app.css")).statusCode()).isEqualTo(200);
        assertThat(server.send(server.request("/js/editor/main.js")).statusCode()).isEqualTo(200);
        assertThat(server.send(server.request("/schemas/policy.schema.json")).statusCode()).isEqualTo(200);
        HttpResponse<String> icon = server.send(server.request("/icons/landlock.svg"));
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
        HttpResponse<String> favicon = server.send(server.request("/favicon.ico"));
        assertThat(favicon.statusCode()).isEqualTo(301);
        assertThat(favicon.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/icons/landlock.svg"));
        // Tomcat's document root lives in the data directory; what lies there is not served, even when signed in.
        Files.writeString(data.resolve("tomcat/document-root/leaked.txt"), "secret");
        BrowserSession session = BrowserSession.signIn(server, "admin", server.adminPassword());
        assertThat(session.get("/policies").statusCode()).isEqualTo(200);
        assertThat(session.get("/leaked.txt").statusCode()).isEqualTo(404);
        assertThat(session.get("/landlock-studio.mv.db").statusCode()).isEqualTo(404);
    }

    @Test
    void everyAnswerCarriesTheSafeHeaders() {
        BrowserSession session = BrowserSession.signIn(server, "admin", server.adminPassword());
        java.util.Map<String, HttpResponse<String>> answers = new java.util.LinkedHashMap<>();
        answers.put("sign-in page", server.send(server.request("/login")));
        answers.put("page", session.get("/policies"));
        answers.put("missing page", session.get("/no-such-page"));
        answers.put("redirect to sign in", server.send(server.request("/tokens")));
        answers.put("asset", server.send(server.request("/css/app.css")));
        answers.put("schema", server.send(server.request("/schemas/policy.schema.json")));
        answers.put("api", api.get("/api/policies"));
        answers.put("api problem", api.get("/api/policies/no-such-policy"));
        answers.put("api without credentials", server.send(server.request("/api/policies")));
        answers.put("api with a wrong token", server.send(server.request("/api/policies").header("Authorization", "Bearer lls_x")));
        answers.put("body too large", server.send(server.request("/api/validate").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2 * 1024 * 1024)))));
        answers.put("refused by the firewall", server.send(server.request("/api//policies")));
        answers.put("page refused by the firewall", server.send(server.request("/policies;jsessionid=x")));
        answers.forEach((what, answer) -> {
            java.net.http.HttpHeaders headers = answer.headers();
            assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue("same-origin");
            assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(headers.firstValue("Content-Security-Policy")).as(what)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
        });
        for (String what : new String[] {"page", "asset", "api"}) {
            assertThat(answers.get(what).headers().firstValue("Cache-Control")).as(what)
                    .hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        }
    }

    @Test
    void aRequestTheFirewallRefusesIsAProblemNamingWhy() {
        for (String path : new String[] {"/api//policies", "/policies;jsessionid=x", "/share/x/%2e%2e/y"}) {
            HttpResponse<String> refused = server.send(server.request(path));
            assertThat(refused.statusCode()).as(path).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(Json.parse(refused.body()).get("detail").stringValue()).as(path)
                    .startsWith("the request's path or headers are refused: ");
        }
    }

    @Test
    void theErrorPathAskedForDirectlyAnswersCleanly() {
        HttpResponse<String> page = server.send(server.request("/error").header("Accept", "text/html"));
        assertThat(page.statusCode()).as("a page like any other: sign in first").isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        for (String accept : new String[] {"application/json", "*/*", "text/plain"}) {
            HttpResponse<String> other = server.send(server.request("/error").header("Accept", accept));
            assertThat(other.statusCode()).as(accept).isBetween(300, 499);
            assertThat(other.body()).as(accept).doesNotContainIgnoringCase("exception").doesNotContain("trace").doesNotContain("dev.landlockstudio");
        }
        HttpResponse<String> api = server.send(server.request("/api/error"));
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        BrowserSession session = BrowserSession.signIn(server, "admin", server.adminPassword());
        HttpResponse<String> signedIn = session.get("/error");
        assertThat(signedIn.statusCode()).as("signed in").isEqualTo(403);
        assertThat(signedIn.body()).doesNotContainIgnoringCase("exception").doesNotContain("dev.landlockstudio");
    }

    @Test
    void itListensOnLoopbackByDefault() {
        assertThat(server.bean(org.springframework.core.env.Environment.class).getProperty("server.address")).isEqualTo("127.0.0.1");
    }
}
