package dev.landlockstudio.compiler.formats.oci;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Emitter;
import dev.landlockstudio.compiler.formats.RuleGroups;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.json.IndentedJsonWriter;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * A config.json fragment, or a user's config.json, with {@code process.landlock} in one proposal's names.
 * noNewPrivileges is always set: the spec text requires it and runc's proof of concept skips Landlock without it.
 * Neither proposal has a place for the ABI, so it is kept as an annotation (config.json's own place for such
 * metadata, ignored by runtimes): importing the output gives back the ABI it was compiled for.
 */
public final class OciEmitter implements Emitter {

    /** The annotation that records the ABI the landlock object was compiled for, as a decimal string. */
    public static final String ABI_ANNOTATION = "dev.landlockstudio.landlock.abi";

    private static final JsonNode EMPTY = Json.MAPPER.createObjectNode();

    private final OciDialect dialect;

    public OciEmitter(OciDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * The user's config.json member by member, in its order, with process and annotations rewritten where they stand
     * (a process that is not an object is replaced) and added last where they are missing.
     */
    @Override
    public String emit(Ruleset ruleset, Context context) {
        JsonNode config = context.mergeInto() == null ? EMPTY : context.mergeInto();
        IndentedJsonWriter out = new IndentedJsonWriter(1024 + 48 * ruleset.pathBeneath().size() + 8 * ruleset.netPort().size());
        out.startObject();
        boolean wroteProcess = false;
        boolean wroteAnnotations = false;
        for (Map.Entry<String, JsonNode> member : config.properties()) {
            switch (member.getKey()) {
                case "process" -> {
                    process(out, member.getValue().isObject() ? member.getValue() : EMPTY, ruleset, context.compatibility());
                    wroteProcess = true;
                }
                case "annotations" -> wroteAnnotations = annotations(out, member.getValue(), ruleset);
                default -> out.tree(member.getKey(), member.getValue());
            }
        }
        if (!wroteProcess) {
            process(out, EMPTY, ruleset, context.compatibility());
        }
        if (!wroteAnnotations) {
            annotations(out, MissingNode.getInstance(), ruleset);
        }
        return out.endObject().finish();
    }

    /** The user's process with noNewPrivileges set (in its place, or last) and the landlock object last. */
    private void process(IndentedJsonWriter out, JsonNode process, Ruleset ruleset, Compatibility compatibility) {
        out.startObject("process");
        boolean wroteNoNewPrivileges = false;
        for (Map.Entry<String, JsonNode> member : process.properties()) {
            switch (member.getKey()) {
                case "noNewPrivileges" -> {
                    out.bool("noNewPrivileges", true);
                    wroteNoNewPrivileges = true;
                }
                case "landlock" -> {
                }
                default -> out.tree(member.getKey(), member.getValue());
            }
        }
        if (!wroteNoNewPrivileges) {
            out.bool("noNewPrivileges", true);
        }
        if (ruleset.enforced()) {
            landlock(out, ruleset, compatibility);
        }
        out.endObject();
    }

    /**
     * The user's annotations without a stale ABI annotation, and with this one when the ruleset is enforced (a value
     * that is not an object is then replaced); whether anything was written.
     */
    private static boolean annotations(IndentedJsonWriter out, JsonNode annotations, Ruleset ruleset) {
        if (!annotations.isObject() && !ruleset.enforced()) {
            if (!annotations.isMissingNode()) {
                out.tree("annotations", annotations);
            }
            return !annotations.isMissingNode();
        }
        out.startObject("annotations");
        if (annotations.isObject()) {
            for (Map.Entry<String, JsonNode> member : annotations.properties()) {
                if (!member.getKey().equals(ABI_ANNOTATION)) {
                    out.tree(member.getKey(), member.getValue());
                }
            }
        }
        if (ruleset.enforced()) {
            out.string(ABI_ANNOTATION, Integer.toString(ruleset.abi()));
        }
        out.endObject();
        return true;
    }

    private void landlock(IndentedJsonWriter out, Ruleset ruleset, Compatibility compatibility) {
        out.startObject("landlock").startObject(dialect.handledKey());
        if (ruleset.handledAccessFs() != 0) {
            strings(out, dialect.fsKey(), AbiTable.names(RightKind.FS, ruleset.handledAccessFs()));
        }
        if (dialect.netKey() != null && ruleset.handledAccessNet() != 0) {
            strings(out, dialect.netKey(), netNames(ruleset.handledAccessNet()));
        }
        out.endObject();
        boolean portRules = dialect.portRuleKey() != null && !ruleset.netPort().isEmpty();
        if (!ruleset.pathBeneath().isEmpty() || portRules) {
            out.startObject("rules");
            if (!ruleset.pathBeneath().isEmpty()) {
                out.startArray("pathBeneath");
                RuleGroups.pathsByAccess(ruleset.pathBeneath()).forEach((access, paths) -> {
                    out.startObject();
                    strings(out, "allowedAccess", AbiTable.names(RightKind.FS, access));
                    strings(out, "paths", paths);
                    out.endObject();
                });
                out.endArray();
            }
            if (portRules) {
                out.startArray(dialect.portRuleKey());
                RuleGroups.portsByAccess(ruleset.netPort()).forEach((access, ports) -> {
                    out.startObject();
                    strings(out, "allowedAccess", netNames(access));
                    out.startArray("ports");
                    ports.forEach(out::number);
                    out.endArray().endObject();
                });
                out.endArray();
            }
            out.endObject();
        }
        // Both drafts' defaults are disputed (landlock-facts.md §6), so the field is always written.
        boolean bestEffort = compatibility == Compatibility.BEST_EFFORT;
        out.bool(dialect.bestEffortKey(), bestEffort == dialect.bestEffortWhen());
        out.endObject();
    }

    private List<String> netNames(long mask) {
        return AbiTable.names(RightKind.NET, mask).stream().map(dialect::netName).toList();
    }

    private static void strings(IndentedJsonWriter out, String name, List<String> values) {
        out.startArray(name);
        values.forEach(out::string);
        out.endArray();
    }
}
