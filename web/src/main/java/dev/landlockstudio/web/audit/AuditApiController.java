package dev.landlockstudio.web.audit;

import dev.landlockstudio.web.policy.StoredPolicy;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Denial records (the body, as text) read against a stored version. A fix is applied like any change: its patch on
 * that version's document, saved with PUT and {@code If-Match} naming the version, which the ETag gives.
 */
@RestController
class AuditApiController {

    private final Audits audits;

    AuditApiController(Audits audits) {
        this.audits = audits;
    }

    @PostMapping(path = "/api/policies/{name}/audit", consumes = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<AuditReading> read(@PathVariable String name, @RequestParam(required = false) Integer version,
                                      @RequestBody(required = false) byte[] records) {
        StoredPolicy stored = audits.version(name, version);
        // Logs are read as UTF-8 whatever the charset says: the kernel writes bytes, and untrusted strings as hex.
        String text = records == null ? "" : new String(records, StandardCharsets.UTF_8);
        return ResponseEntity.ok().eTag(stored.version().etag()).body(audits.read(stored, text));
    }
}
