package dev.landlockstudio.web.dryrun;

import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.web.api.JsonFields;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * Dry runs over REST: start one ({@code {"mode": "scratch"}}, also {@code version}, {@code probes} as specs,
 * {@code lowerDir} for overlay, {@code command} and its {@code env} where enabled, {@code kernels} for mode kernels: a
 * list of ABIs or "all"), read it with its rows, or watch it as events.
 */
@RestController
class DryRunApiController {

    private static final Set<String> FIELDS = Set.of("mode", "version", "probes", "lowerDir", "command", "env", "kernels");
    // A probe names up to two paths; the command's bounds are far beyond any real command line.
    private static final int PROBES_MAX = 1000;
    private static final int PROBE_MAX = 2 * JsonFields.PATH_MAX + 100;
    private static final int ARGUMENTS_MAX = 1000;
    private static final int ARGUMENT_MAX = 32 * 1024;
    private static final int KERNELS_MAX = 100;

    private final DryRuns dryRuns;

    DryRunApiController(DryRuns dryRuns) {
        this.dryRuns = dryRuns;
    }

    @PostMapping(path = "/api/policies/{name}/dry-runs", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DryRun> start(@PathVariable String name, @RequestBody String body, Principal principal) {
        JsonFields fields = JsonFields.of(body, FIELDS, "{\"mode\": \"scratch\"}");
        DryRuns.Request request = new DryRuns.Request(fields.text("mode", 16), fields.text("lowerDir", JsonFields.PATH_MAX),
                fields.strings("probes", PROBES_MAX, PROBE_MAX), fields.strings("command", ARGUMENTS_MAX, ARGUMENT_MAX),
                fields.strings("env", ARGUMENTS_MAX, ARGUMENT_MAX), kernels(fields.node("kernels")));
        DryRun run = dryRuns.start(name, fields.integer("version"), request, principal.getName());
        return ResponseEntity.accepted().location(URI.create("/api/dry-runs/" + run.id())).body(run);
    }

    /** The ABIs named, empty for "all", null when the field is absent. */
    private static List<Integer> kernels(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isString() && value.stringValue().equals("all")) {
            return List.of();
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new InvalidDocumentException("/kernels", "name the kernels by their Landlock ABIs, such as [2, 11], or \"all\"");
        }
        if (value.size() > KERNELS_MAX) {
            throw new InvalidDocumentException("/kernels", "must have at most " + KERNELS_MAX + " items");
        }
        List<Integer> abis = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode abi = value.get(i);
            if (!abi.isIntegralNumber() || !abi.canConvertToInt()) {
                throw new InvalidDocumentException("/kernels/" + i, "must be a Landlock ABI, such as 11");
            }
            abis.add(abi.asInt());
        }
        return abis;
    }

    /** The run and its rows so far (with its kernels' headings on stock kernels); {@code output} for a command. */
    @GetMapping("/api/dry-runs/{id}")
    Map<String, Object> get(@PathVariable long id) {
        DryRun run = dryRuns.find(id);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("run", run);
        if (run.onKernels()) {
            result.put("kernels", dryRuns.kernels(id));
        }
        result.put("rows", dryRuns.rows(id));
        if (run.ranCommand()) {
            result.put("output", dryRuns.output(id));
        }
        return result;
    }

    /**
     * Server-sent events: "progress", "row" for each probe as it is tried (on stock kernels, "kernel" with each
     * kernel's heading before its rows), then "end" with the finished run.
     */
    @GetMapping(path = "/api/dry-runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable long id) {
        return dryRuns.watch(id);
    }

    @GetMapping("/api/policies/{name}/dry-runs")
    List<DryRun> ofPolicy(@PathVariable String name) {
        return dryRuns.ofPolicy(name);
    }
}
