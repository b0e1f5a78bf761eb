package dev.landlockstudio.web.testing;

import dev.landlockstudio.web.token.ApiTokenStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls the REST API with a bearer token, as a CI job does. */
public final class ApiClient {

    private final StudioServer server;
    private final String token;

    public ApiClient(StudioServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** With a new token of the user admin, named after what uses it. */
    public static ApiClient forAdmin(StudioServer server, String tokenName) {
        return new ApiClient(server, server.bean(ApiTokenStore.class).create("admin", tokenName).secret());
    }

    public String token() {
        return token;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return server.send(authorized(path, headers).GET());
    }

    public HttpResponse<String> post(String path, String json, String... headers) {
        return server.send(authorized(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> put(String path, String json, String... headers) {
        return server.send(authorized(path, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return server.send(authorized(path, headers).DELETE());
    }

    private HttpRequest.Builder authorized(String path, String... headers) {
        HttpRequest.Builder request = server.request(path).header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }
}
