package dev.landlockstudio.web.testing;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser's session: the cookie from signing in and the CSRF token the pages carry. */
public record BrowserSession(StudioServer server, String cookie, String csrf, String location) {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"|name=\"_csrf\" value=\"([^\"]+)\"");

    public static BrowserSession signIn(StudioServer server, String user, String password) {
        HttpResponse<String> form = server.send(server.request("/login"));
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token(form.body());
        HttpResponse<String> signedIn = server.send(server.request("/login").header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
        String session = signedIn.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElse(cookie);
        String location = signedIn.headers().firstValue("Location").orElse("");
        HttpResponse<String> page = server.send(server.request("/policies").header("Cookie", session));
        return new BrowserSession(server, session, page.statusCode() == 200 ? token(page.body()) : null, location);
    }

    public HttpResponse<String> get(String path) {
        return server.send(server.request(path).header("Cookie", cookie));
    }

    /** A form post with the page's CSRF token. */
    public HttpResponse<String> post(String path, String form) {
        return server.send(server.request(path).header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + csrf)));
    }

    private static String token(String html) {
        Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no CSRF token in the page:\n" + html);
        }
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }
}
