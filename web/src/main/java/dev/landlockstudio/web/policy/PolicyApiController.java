package dev.landlockstudio.web.policy;

import dev.landlockstudio.web.api.ApiParameters;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stored policies over REST. A policy's document is returned exactly as it was saved, with its version as the ETag;
 * PUT and DELETE must name the version they are based on in If-Match, and a stale one gets 412.
 */
@RestController
@RequestMapping("/api/policies")
class PolicyApiController {

    private final PolicyStore store;
    private final PolicyService policies;

    PolicyApiController(PolicyStore store, PolicyService policies) {
        this.store = store;
        this.policies = policies;
    }

    @GetMapping
    List<PolicySummary> list(@RequestParam(name = "q", required = false) String query) {
        return store.list(query);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PolicyVersion> create(@RequestBody String document, @RequestParam(name = "note", defaultValue = "") String note,
                                         Principal principal) {
        PolicyVersion saved = policies.create(document, principal.getName(), note);
        return ResponseEntity.created(URI.create("/api/policies/" + saved.name())).eTag(saved.etag()).body(saved);
    }

    @GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> latest(@PathVariable String name) {
        return document(store.latest(name));
    }

    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PolicyVersion> update(@PathVariable String name, @RequestBody String document,
                                         @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                         @RequestParam(name = "note", defaultValue = "") String note, Principal principal) {
        PolicyVersion saved = policies.update(name, document, IfMatch.version(ifMatch, name), principal.getName(), note);
        return ResponseEntity.ok().eTag(saved.etag()).body(saved);
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        store.delete(name, IfMatch.version(ifMatch, name));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{name}/versions")
    List<PolicyVersion> versions(@PathVariable String name) {
        return store.versions(name);
    }

    @GetMapping(path = "/{name}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> version(@PathVariable String name, @PathVariable int version) {
        return document(store.version(name, ApiParameters.version("version", version)));
    }

    @GetMapping("/{name}/diff")
    JsonDiff.Result diff(@PathVariable String name, @RequestParam int from, @RequestParam int to) {
        return JsonDiff.between(store.version(name, ApiParameters.version("from", from)),
                store.version(name, ApiParameters.version("to", to)));
    }

    private static ResponseEntity<String> document(StoredPolicy stored) {
        return ResponseEntity.ok().eTag(stored.version().etag()).contentType(MediaType.APPLICATION_JSON).body(stored.document());
    }
}
