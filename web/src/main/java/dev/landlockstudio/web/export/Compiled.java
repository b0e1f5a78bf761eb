package dev.landlockstudio.web.export;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.formats.landlockconfig.LandlockConfigToml;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.report.Severity;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * A compile as export serves it: the output's bytes (null when refused, or when the target has no document that
 * applies nothing), its media type, and the report as the JSON tree it is answered as (made once, kept with the output).
 */
public record Compiled(Compilation compilation, byte[] output, JsonNode report) {

    private static final MediaType C_SOURCE = new MediaType("text", "x-csrc", StandardCharsets.UTF_8);
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    static Compiled of(PolicyStack policy, Target target, int abi) {
        Compilation compilation = Compiler.compile(policy, target, abi, Compiler.Options.DEFAULT);
        byte[] output = compilation.refused() || compilation.output() == null ? null
                : compilation.output().getBytes(StandardCharsets.UTF_8);
        return new Compiled(compilation, output, Json.MAPPER.valueToTree(compilation));
    }

    public MediaType mediaType() {
        return switch (compilation.target().extension()) {
            case "c" -> C_SOURCE;
            case "json" -> MediaType.APPLICATION_JSON;
            default -> TEXT;
        };
    }

    /** The output, in landlockconfig's TOML when {@code toml} (a landlockconfig compile), or null when there is none. */
    public byte[] output(boolean toml) {
        return toml && output != null
                ? LandlockConfigToml.write(Json.parse(compilation.output())).getBytes(StandardCharsets.UTF_8) : output;
    }

    /** The media type of {@link #output(boolean)}. */
    public MediaType mediaType(boolean toml) {
        return toml ? TEXT : mediaType();
    }

    /** Why there is no output, or null when there is one. */
    public String whyNoOutput() {
        if (compilation.refused()) {
            return "the policy is a hard requirement that " + compilation.targetId() + " at ABI " + compilation.abi()
                    + " cannot meet; the report says what is missing";
        }
        return output == null ? compilation.targetId() + " has no document that applies nothing, and the policy enforces"
                + " nothing at ABI " + compilation.abi() : null;
    }

    /** The report in one header value: {@code enforced=true; errors=0; warnings=2; infos=1}. */
    public String summary() {
        return "enforced=" + compilation.enforced() + "; errors=" + compilation.count(Severity.ERROR) + "; warnings="
                + compilation.count(Severity.WARNING) + "; infos=" + compilation.count(Severity.INFO);
    }
}
