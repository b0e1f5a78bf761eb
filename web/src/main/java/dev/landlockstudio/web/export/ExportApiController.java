package dev.landlockstudio.web.export;

import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.web.api.ApiParameters;
import dev.landlockstudio.web.policy.PolicyStore;
import dev.landlockstudio.web.policy.PolicyVersion;
import java.nio.charset.StandardCharsets;
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

    private final PolicyStore store;
    private final CompiledVersions outputs;

    ExportApiController(PolicyStore store, CompiledVersions outputs) {
        this.store = store;
        this.outputs = outputs;
    }

    @GetMapping("/api/policies/{name}/export")
    ResponseEntity<?> export(@PathVariable String name, @RequestParam(required = false) String target,
                             @RequestParam(required = false) Integer abi, @RequestParam(required = false) Integer version,
                             @RequestParam(defaultValue = "false") boolean envelope,
                             @RequestParam(required = false) String format,
                             @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        Target chosen = ApiParameters.target(target);
        boolean toml = ApiParameters.toml(format, chosen);
        PolicyVersion at = store.describe(name, ApiParameters.version("version", version));
        int compileAbi = ApiParameters.abi(abi, at.abi());
        String etag = "\"v" + at.version() + "-" + chosen.id() + "-" + compileAbi + (toml ? "-toml" : "") + "\"";
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        Compiled compiled = outputs.of(name, at.version(), chosen, compileAbi);
        if (compiled.output() == null) {
            throw new NothingToExport(compiled);
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().eTag(etag).header(REPORT_HEADER, compiled.summary())
                .header(VERSION_HEADER, String.valueOf(at.version()));
        if (!envelope) {
            return response.contentType(compiled.mediaType(toml)).body(compiled.output(toml));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy", name);
        body.put("version", at.version());
        body.put("target", chosen.id());
        body.put("abi", compileAbi);
        body.put("output", new String(compiled.output(toml), StandardCharsets.UTF_8));
        body.put("report", compiled.report());
        return response.body(body);
    }
}
