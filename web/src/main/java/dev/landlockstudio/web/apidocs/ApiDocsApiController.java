package dev.landlockstudio.web.apidocs;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The OpenAPI document. */
@RestController
class ApiDocsApiController {

    private final ApiDocument document;

    ApiDocsApiController(ApiDocument document) {
        this.document = document;
    }

    @GetMapping("/api/openapi.json")
    ResponseEntity<String> openApi() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document.text());
    }
}
