package dev.landlockstudio.compiler.formats.cprogram;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AbiVersion;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.IfMissing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A standalone C program that applies the ruleset and executes its arguments, masking rules on
 * non-directories to file rights as the kernel's sample sandboxer does. The template is sandbox.c.template.
 */
public final class CProgramEmitter implements Emitter {

    private static final String TEMPLATE = loadTemplate();

    @Override
    public String emit(Ruleset ruleset, Context context) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("NAME", context.policyName());
        values.put("ABI", Integer.toString(ruleset.abi()));
        values.put("COMPATIBILITY", context.compatibility().documentName());
        values.put("COMPATIBILITY_ENUM", context.compatibility().name());
        values.put("ENFORCED", ruleset.enforced() ? "1" : "0");
        values.put("ACCESS_FS_REFER", hex(AbiTable.right(RightKind.FS, "refer").orElseThrow().value()));
        values.put("ACCESS_FILE", hex(AbiTable.fileRights()));
        values.put("RESTRICT_SELF_NO_NEW_PRIVS", hex(AbiTable.right(RightKind.RESTRICT_FLAG, "no_new_privs").orElseThrow().value()));
        values.put("ABI_VERSIONS", abiVersions());
        values.put("HANDLED_FS", hex(ruleset.handledAccessFs()));
        values.put("HANDLED_NET", hex(ruleset.handledAccessNet()));
        values.put("SCOPED", hex(ruleset.scoped()));
        values.put("QUIET_FS", hex(ruleset.quietAccessFs()));
        values.put("QUIET_NET", hex(ruleset.quietAccessNet()));
        values.put("QUIET_SCOPED", hex(ruleset.quietScoped()));
        values.put("RESTRICT_FLAGS", hex(ruleset.restrictSelfFlags()));
        values.put("PATH_RULE_COUNT", Integer.toString(ruleset.pathBeneath().size()));
        values.put("PATH_RULES", ruleset.pathBeneath().stream().map(r -> "\t{ " + cString(r.path()) + ", "
                + hex(r.allowedAccess()) + "ULL, " + (r.ifMissing() == IfMissing.SKIP ? 1 : 0) + ", " + (r.quiet() ? 1 : 0)
                + " },\n").collect(Collectors.joining()));
        values.put("PORT_RULE_COUNT", Integer.toString(ruleset.netPort().size()));
        values.put("PORT_RULES", ruleset.netPort().stream().map(r -> "\t{ " + r.port() + ", " + hex(r.allowedAccess())
                + "ULL, " + (r.quiet() ? 1 : 0) + " },\n").collect(Collectors.joining()));
        String program = TEMPLATE;
        for (Map.Entry<String, String> value : values.entrySet()) {
            program = program.replace("@@" + value.getKey() + "@@", value.getValue());
        }
        // Empty rule lists leave a blank line where the entries would be.
        return program.replace("{\n\n", "{\n");
    }

    /** One initializer line per ABI version, generated from the ABI table. */
    private static String abiVersions() {
        StringBuilder lines = new StringBuilder();
        for (AbiVersion v : AbiTable.VERSIONS) {
            int n = v.number();
            lines.append("\t{ ").append(hex(AbiTable.mask(RightKind.FS, n))).append("ULL, ")
                    .append(hex(AbiTable.mask(RightKind.NET, n))).append("ULL, ")
                    .append(hex(AbiTable.mask(RightKind.SCOPE, n))).append("ULL, ")
                    .append(hex(AbiTable.mask(RightKind.RESTRICT_FLAG, n))).append("ULL, ")
                    .append(v.attrSize()).append(", ").append(v.quiet() ? 1 : 0)
                    .append(" }, /* ABI ").append(n).append(", Linux ").append(v.linux()).append(" */\n");
        }
        return lines.toString().stripTrailing();
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** A C string literal for any path: everything outside printable ASCII, and the characters C treats specially, as octal. */
    static String cString(String value) {
        StringBuilder literal = new StringBuilder("\"");
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
                literal.append((char) c);
            } else {
                literal.append(String.format("\\%03o", c));
            }
        }
        return literal.append('"').toString();
    }

    private static String loadTemplate() {
        try (InputStream in = CProgramEmitter.class.getResourceAsStream("sandbox.c.template")) {
            if (in == null) {
                throw new IllegalStateException("sandbox.c.template is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
