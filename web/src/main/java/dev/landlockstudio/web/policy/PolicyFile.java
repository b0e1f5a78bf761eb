package dev.landlockstudio.web.policy;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** "Download policy JSON": a saved version's document, byte for byte as saved, as an attachment named after it. */
public final class PolicyFile {

    private PolicyFile() {
    }

    public static ResponseEntity<byte[]> of(StoredPolicy stored) {
        PolicyVersion version = stored.version();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(version.name() + "-v" + version.version() + ".json").build().toString())
                .body(stored.document().getBytes(StandardCharsets.UTF_8));
    }
}
