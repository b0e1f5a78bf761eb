package dev.landlockstudio.web.apidocs;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The REST API, browsable: every operation of the OpenAPI document with its parameters and answers. */
@Controller
class ApiDocsPageController {

    private final ApiDocument document;

    ApiDocsPageController(ApiDocument document) {
        this.document = document;
    }

    @GetMapping("/api-docs")
    String docs(Model model) {
        model.addAttribute("operations", document.operations());
        return "api-docs";
    }
}
