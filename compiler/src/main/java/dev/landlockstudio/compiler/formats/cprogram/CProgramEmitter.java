package dev.landlockstudio.compiler.formats.cprogram;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AbiVersion;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.StackEmitter;
import dev.landlockstudio.compiler.layers.RulesetStack;
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
public final class CProgramEmitter implements StackEmitter {

    private static final String TEMPLATE = loadTemplate();

    @Override
    public String emit(Ruleset ruleset, Context context) {
        return emit(RulesetStack.of(context.policyName(), context.compatibility(), ruleset), context);
    }

    /** The program that applies each layer of {@code stack} as a ruleset of its own, in order, then executes. */
    @Override
    public String emitStack(RulesetStack stack, Context context) {
        return emit(stack, context);
    }

    private String emit(RulesetStack stack, Context context) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("NAME", context.policyName());
        values.put("ABI", Integer.toString(stack.abi()));
        values.put("COMPATIBILITY", context.compatibility().documentName());
        values.put("LAYER_NAMES", String.join(", ", stack.layers().stream().map(RulesetStack.Layer::name).toList()));
        values.put("ACCESS_FS_REFER", hex(AbiTable.right(RightKind.FS, "refer").orElseThrow().value()));
        values.put("ACCESS_FILE", hex(AbiTable.fileRights()));
        values.put("RESTRICT_SELF_NO_NEW_PRIVS", hex(AbiTable.right(RightKind.RESTRICT_FLAG, "no_new_privs").orElseThrow().value()));
        values.put("ABI_VERSIONS", abiVersions());
        StringBuilder rules = new StringBuilder();
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < stack.layers().size(); i++) {
            RulesetStack.Layer layer = stack.layers().get(i);
            rules.append(rules(i, layer.ruleset()));
            layers.append(layer(i, layer));
        }
        values.put("LAYER_RULES", rules.toString());
        values.put("LAYER_COUNT", Integer.toString(stack.layers().size()));
        values.put("LAYERS", layers.toString().stripTrailing());
        String program = TEMPLATE;
        for (Map.Entry<String, String> value : values.entrySet()) {
            program = program.replace("@@" + value.getKey() + "@@", value.getValue());
        }
        // Empty rule lists leave a blank line where the entries would be.
        return program.replace("{\n\n", "{\n");
    }

    /** Layer {@code i}'s rule arrays, each ending with an unused entry so that none is empty. */
    private static String rules(int i, Ruleset ruleset) {
        return "static const struct path_rule path_rules_" + i + "[] = {\n"
                + ruleset.pathBeneath().stream().map(r -> "\t{ " + cString(r.path()) + ", " + hex(r.allowedAccess())
                + "ULL, " + (r.ifMissing() == IfMissing.SKIP ? 1 : 0) + ", " + (r.quiet() ? 1 : 0) + " },\n")
                .collect(Collectors.joining())
                + "\t{ NULL, 0, 0, 0 },\n};\n"
                + "static const struct port_rule port_rules_" + i + "[] = {\n"
                + ruleset.netPort().stream().map(r -> "\t{ " + r.port() + ", " + hex(r.allowedAccess()) + "ULL, "
                + (r.quiet() ? 1 : 0) + " },\n").collect(Collectors.joining())
                + "\t{ 0, 0, 0 },\n};\n";
    }

    /** Layer {@code i}'s initializer: on a kernel older than its ABI, its own compatibility level decides. */
    private static String layer(int i, RulesetStack.Layer layer) {
        Ruleset r = layer.ruleset();
        return "\t{\n"
                + "\t\t.name = " + cString(layer.name() == null ? "" : layer.name()) + ",\n"
                + "\t\t.enforced = " + (r.enforced() ? 1 : 0) + ",\n"
                + "\t\t.compatibility = " + layer.compatibility().name() + ",\n"
                + "\t\t.attr = {\n"
                + "\t\t\t.handled_access_fs = " + hex(r.handledAccessFs()) + "ULL,\n"
                + "\t\t\t.handled_access_net = " + hex(r.handledAccessNet()) + "ULL,\n"
                + "\t\t\t.scoped = " + hex(r.scoped()) + "ULL,\n"
                + "\t\t\t.quiet_access_fs = " + hex(r.quietAccessFs()) + "ULL,\n"
                + "\t\t\t.quiet_access_net = " + hex(r.quietAccessNet()) + "ULL,\n"
                + "\t\t\t.quiet_scoped = " + hex(r.quietScoped()) + "ULL,\n"
                + "\t\t},\n"
                + "\t\t.restrict_flags = " + hex(r.restrictSelfFlags()) + "U,\n"
                + "\t\t.path_rule_count = " + r.pathBeneath().size() + ",\n"
                + "\t\t.path_rules = path_rules_" + i + ",\n"
                + "\t\t.port_rule_count = " + r.netPort().size() + ",\n"
                + "\t\t.port_rules = port_rules_" + i + ",\n"
                + "\t},\n";
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
