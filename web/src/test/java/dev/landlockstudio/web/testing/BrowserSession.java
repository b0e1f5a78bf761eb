package dev.landlockstudio.web.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
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

    /**
     * Signs in from another loopback address (such as 127.0.0.2: the kernel routes all of 127.0.0.0/8 to this host),
     * over a plain socket bound to it, with the extra header lines given; answers where the sign-in sent the browser.
     */
    public static String signInFrom(StudioServer server, String clientAddress, String user, String password, String... headerLines) {
        HttpResponse<String> form = server.send(server.request("/login"));
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token(form.body());
        URI base = URI.create(server.url("/"));
        StringBuilder request = new StringBuilder("POST /login HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nCookie: " + cookie
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("\r\n").append(body);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(clientAddress), 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n")));
            if (!head.startsWith("HTTP/1.1 302")) {
                throw new AssertionError("signing in did not redirect:\n" + head);
            }
            return head.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9)).map(l -> l.substring(9).strip())
                    .findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
