package dev.landlockstudio.web.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.testing.ApiClient;
import dev.landlockstudio.web.testing.StudioServer;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document lists exactly the API's endpoints. */
class OpenApiTest {

    @TempDir
    Path data;

    @Test
    void theDocumentMatchesTheEndpoints() {
        try (StudioServer server = StudioServer.start(data)) {
            ApiClient api = ApiClient.forAdmin(server, "docs");
            JsonNode document = Json.parse(api.get("/api/openapi.json").body());
            assertThat(document.get("openapi").stringValue()).isEqualTo("3.1.0");
            Set<String> documented = new TreeSet<>();
            JsonNode paths = document.get("paths");
            paths.propertyNames().forEach(path -> paths.get(path).propertyNames().forEach(method ->
                    documented.add(method.toUpperCase() + " " + path)));

            Set<String> served = new TreeSet<>();
            server.bean(RequestMappingHandlerMapping.class).getHandlerMethods().forEach((mapping, method) ->
                    mapping.getPathPatternsCondition().getPatternValues().stream().filter(p -> p.startsWith("/api/"))
                            .forEach(path -> mapping.getMethodsCondition().getMethods()
                                    .forEach(verb -> served.add(verb.name() + " " + path))));
            assertThat(documented).isEqualTo(served);
        }
    }
}
