package dev.landlockstudio.web.learn;

import dev.landlockstudio.web.api.JsonFields;
import java.net.URI;
import java.security.Principal;
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

/**
 * Learns over REST, where commands are enabled: start one ({@code {"command": [...]}}, also {@code env}, {@code abi},
 * {@code maxRuns}, {@code into}), read it with its progress and, once finished, its report (the policy among it: save
 * it with {@code POST /api/policies}), or watch it as events.
 */
@RestController
class LearnApiController {

    private static final Set<String> FIELDS = Set.of("command", "env", "abi", "maxRuns", "into");
    // Far beyond any real command line.
    private static final int ARGUMENTS_MAX = 1000;
    private static final int ARGUMENT_MAX = 32 * 1024;
    private static final int NAME_MAX = 64;

    private final Learns learns;

    LearnApiController(Learns learns) {
        this.learns = learns;
    }

    @PostMapping(path = "/api/learns", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Learn> start(@RequestBody String body, Principal principal) {
        JsonFields fields = JsonFields.of(body, FIELDS, "{\"command\": [\"tar\", \"-cf\", \"/tmp/etc.tar\", \"/etc/hostname\"]}");
        Learns.Request request = new Learns.Request(fields.strings("command", ARGUMENTS_MAX, ARGUMENT_MAX),
                fields.strings("env", ARGUMENTS_MAX, ARGUMENT_MAX), fields.integer("abi"), fields.integer("maxRuns"),
                fields.text("into", NAME_MAX));
        Learn learn = learns.start(request, principal.getName());
        return ResponseEntity.accepted().location(URI.create("/api/learns/" + learn.id())).body(learn);
    }

    /** The newest learns first. */
    @GetMapping("/api/learns")
    List<Learn> recent() {
        return learns.recent();
    }

    /** The learn, its progress, and its report once it has one. */
    @GetMapping("/api/learns/{id}")
    Map<String, Object> get(@PathVariable long id) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("learn", learns.find(id));
        result.put("progress", learns.progress(id));
        learns.report(id).ifPresent(report -> result.put("report", report));
        return result;
    }

    /** Server-sent events: "progress" (the whole progress so far) at first and on each change, then "end" with the learn. */
    @GetMapping(path = "/api/learns/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable long id) {
        return learns.watch(id);
    }
}
