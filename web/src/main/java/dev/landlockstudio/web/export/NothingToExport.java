package dev.landlockstudio.web.export;

import dev.landlockstudio.web.api.RequestRefused;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import org.springframework.http.HttpStatus;

/** A compilation with no output to send (refused, or a target that cannot say "apply nothing"): 422 with its report. */
final class NothingToExport extends RequestRefused {

    private final transient JsonNode report;

    NothingToExport(Compiled compiled) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "no-output", compiled.whyNoOutput());
        this.report = compiled.report();
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("report", report);
    }
}
