package dev.landlockstudio.web.apidocs;

import dev.landlockstudio.compiler.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The REST API's OpenAPI 3.1 document (written by hand, {@code api/openapi.json}; a test checks it against the
 * endpoints the app has), and the operations in it for the browsable page.
 */
@Component
public class ApiDocument {

    /** One operation as the page lists it. */
    public record Operation(String method, String path, String summary, String description, List<String> parameters,
                            List<String> responses) {
    }

    private final String text;
    private final List<Operation> operations = new ArrayList<>();

    public ApiDocument() throws IOException {
        text = new ClassPathResource("api/openapi.json").getContentAsString(StandardCharsets.UTF_8);
        JsonNode paths = Json.parse(text).get("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                JsonNode op = paths.get(path).get(method);
                List<String> parameters = new ArrayList<>();
                op.path("parameters").forEach(p -> parameters.add(p.get("name").stringValue() + " (" + p.get("in").stringValue()
                        + (p.path("required").asBoolean(false) ? ", required" : "") + ")"
                        + (p.has("description") ? ": " + p.get("description").stringValue() : "")));
                List<String> responses = new ArrayList<>();
                for (String status : op.get("responses").propertyNames()) {
                    JsonNode response = op.get("responses").get(status);
                    responses.add(status + (response.has("description") ? " " + response.get("description").stringValue() : ""));
                }
                operations.add(new Operation(method.toUpperCase(), path, op.get("summary").stringValue(),
                        op.path("description").asString(""), parameters, responses));
            }
        }
    }

    public String text() {
        return text;
    }

    public List<Operation> operations() {
        return operations;
    }
}
