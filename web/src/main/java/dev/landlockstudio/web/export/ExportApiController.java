package dev.landlockstudio.web.export;

import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.web.api.ApiParameters;
import dev.landlockstudio.web.cache.BoundedCache;
import dev.landlockstudio.web.config.StudioProperties;
import dev.landlockstudio.web.policy.PolicyStore;
import dev.landlockstudio.web.policy.PolicyVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a CI job calls: a stored policy compiled for a target and ABI. The body is the output itself, ready to
 * write to a file; the report's counts are in the {@code Landlock-Studio-Report} header, and {@code envelope=true}
 * returns {@code {policy, version, target, abi, output, report}} instead. The ETag names version, target and ABI, so
 * If-None-Match gets 304 while nothing changed.
 */
@RestController
class ExportApiController {

    static final String REPORT_HEADER = "Landlock-Studio-Report";
    static final String VERSION_HEADER = "Landlock-Studio-Policy-Version";

    /** What one compiled output is of. A saved version never changes, so neither does its output. */
    private record Key(String policy, int version, String target, int abi) {
    }

    private final PolicyStore store;
    private final BoundedCache<Key, Compiled> outputs;

    ExportApiController(PolicyStore store, StudioProperties properties) {
        this.store = store;
        this.outputs = BoundedCache.lasting(properties.exportCacheSize());
    }

    @GetMapping("/api/policies/{name}/export")
    ResponseEntity<?> export(@PathVariable String name, @RequestParam(required = false) String target,
                             @RequestParam(required = false) Integer abi, @RequestParam(required = false) Integer version,
                             @RequestParam(defaultValue = "false") boolean envelope,
                             @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        Target chosen = ApiParameters.target(target);
        PolicyVersion at = store.describe(name, ApiParameters.version("version", version));
        int compileAbi = ApiParameters.abi(abi, at.abi());
        String etag = "\"v" + at.version() + "-" + chosen.id() + "-" + compileAbi + "\"";
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        Compiled compiled = outputs.get(new Key(name, at.version(), chosen.id(), compileAbi), key -> Compiled.of(
                PolicyReader.read(store.document(name, at.version())).resolved(), chosen, compileAbi));
        if (compiled.output() == null) {
            throw new NothingToExport(compiled);
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().eTag(etag).header(REPORT_HEADER, compiled.summary())
                .header(VERSION_HEADER, String.valueOf(at.version()));
        if (!envelope) {
            return response.contentType(compiled.mediaType()).body(compiled.output());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy", name);
        body.put("version", at.version());
        body.put("target", chosen.id());
        body.put("abi", compileAbi);
        body.put("output", compiled.compilation().output());
        body.put("report", compiled.report());
        return response.body(body);
    }
}
