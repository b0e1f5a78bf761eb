package dev.landlockstudio.web.ui;

import dev.landlockstudio.web.api.ApiDocument;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The REST API, browsable: every operation of the OpenAPI document with its parameters and answers. */
@Controller
class ApiDocsPage {

    private final ApiDocument document;

    ApiDocsPage(ApiDocument document) {
        this.document = document;
    }

    @GetMapping("/api-docs")
    String docs(Model model) {
        model.addAttribute("operations", document.operations());
        return "api-docs";
    }
}
