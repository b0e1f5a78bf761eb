package dev.landlockstudio.web.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A stream of server-sent events read to its end, as a client that follows a run sees it. */
public final class ServerEvents {

    /** One event: its name and its data, read as JSON. */
    public record Event(String name, JsonNode data) {
    }

    private ServerEvents() {
    }

    /** The events at {@code path}, in order, until the server closes the stream. */
    public static List<Event> read(StudioServer server, ApiClient api, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Authorization", "Bearer " + api.token()).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<Event> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String name = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    events.add(new Event(name, Json.parse(line.substring(5))));
                }
            }
        }
        return events;
    }
}
