package dev.landlockstudio.compiler.formats.nativeformat;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.json.JsonSchemas;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.NetPortRule;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The numeric ruleset (native.schema.json) read back: masks become the kernel's names at the file's ABI, and rules
 * with the same rights, ifMissing and quiet flag are joined into one, in the order they first appear. A ruleset that
 * is not enforced becomes a policy that handles nothing. It names no compatibility level, so the default is kept.
 */
public final class NativeImporter implements Importer {

    private static final String SCHEMA = "native.schema.json";
    private static final String STACKED = "stacked rulesets (native-layers.schema.json), which one policy cannot hold:"
            + " import the policy and its bases instead";

    /** What a path rule is joined by. */
    private record RuleKey(List<String> rights, IfMissing ifMissing, Boolean quiet) {
    }

    @Override
    public String mismatch(JsonNode document) {
        if (!document.isObject()) {
            return "not a JSON object";
        }
        if (document.has("layers")) {
            return STACKED;
        }
        return document.path("rulesetAttr").isObject() ? null : "no rulesetAttr object";
    }

    @Override
    public Imported read(JsonNode document, String name) {
        if (document.isObject() && document.has("layers")) {
            throw new InvalidDocumentException("/layers", STACKED);
        }
        List<Problem> problems = new ArrayList<>(JsonSchemas.validate(SCHEMA, document));
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems);
        }
        int abi = document.get("abi").intValue();
        if (!document.get("enforced").booleanValue()) {
            Policy nothing = new Policy(null, name, null, abi, null, List.of(), List.of(), List.of(), null, null, null,
                    List.of(), null, null);
            return new Imported(PolicyReader.check(nothing).document(),
                    List.of("the ruleset is not enforced (enforced: false): the policy handles nothing"));
        }
        JsonNode attr = document.get("rulesetAttr");
        List<String> fs = names(problems, RightKind.FS, attr.get("handledAccessFs"), "/rulesetAttr/handledAccessFs", abi);
        List<String> net = names(problems, RightKind.NET, attr.get("handledAccessNet"), "/rulesetAttr/handledAccessNet", abi);
        List<String> scoped = names(problems, RightKind.SCOPE, attr.get("scoped"), "/rulesetAttr/scoped", abi);
        List<String> quietFs = quiet(problems, RightKind.FS, attr, "quietAccessFs", abi);
        List<String> quietNet = quiet(problems, RightKind.NET, attr, "quietAccessNet", abi);
        List<String> quietScoped = quiet(problems, RightKind.SCOPE, attr, "quietScoped", abi);
        Map<RuleKey, List<String>> pathsByKey = new LinkedHashMap<>();
        JsonNode pathRules = document.get("pathBeneath");
        for (int i = 0; i < pathRules.size(); i++) {
            JsonNode rule = pathRules.get(i);
            IfMissing ifMissing = rule.get("ifMissing").stringValue().equals(IfMissing.SKIP.documentName())
                    ? IfMissing.SKIP : IfMissing.FAIL;
            RuleKey key = new RuleKey(names(problems, RightKind.FS, rule.get("allowedAccess"),
                    "/pathBeneath/" + i + "/allowedAccess", abi), ifMissing, rule.has("quiet") ? rule.get("quiet").booleanValue() : null);
            pathsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(rule.get("path").stringValue());
        }
        Map<RuleKey, List<Integer>> portsByKey = new LinkedHashMap<>();
        JsonNode portRules = document.get("netPort");
        for (int i = 0; i < portRules.size(); i++) {
            JsonNode rule = portRules.get(i);
            RuleKey key = new RuleKey(names(problems, RightKind.NET, rule.get("allowedAccess"),
                    "/netPort/" + i + "/allowedAccess", abi), null, rule.has("quiet") ? rule.get("quiet").booleanValue() : null);
            portsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(rule.get("port").intValue());
        }
        List<String> flags = names(problems, RightKind.RESTRICT_FLAG, document.get("restrictSelfFlags"), "/restrictSelfFlags", abi);
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems);
        }
        List<PathBeneathRule> paths = new ArrayList<>();
        pathsByKey.forEach((key, list) -> paths.add(new PathBeneathRule(list, key.rights(), key.ifMissing(), key.quiet())));
        List<NetPortRule> ports = new ArrayList<>();
        portsByKey.forEach((key, list) -> ports.add(new NetPortRule(list, key.rights(), key.quiet())));
        Policy policy = new Policy(null, name, null, abi, null, fs, net, scoped, quietFs, quietNet, quietScoped, paths,
                ports.isEmpty() ? null : ports, flags.isEmpty() ? null : flags);
        return new Imported(PolicyReader.check(policy).document(),
                List.of("the native ruleset names no compatibility level: the default, best_effort, is kept"));
    }

    private static List<String> quiet(List<Problem> problems, RightKind kind, JsonNode attr, String key, int abi) {
        return attr.has(key) ? names(problems, kind, attr.get(key), "/rulesetAttr/" + key, abi) : null;
    }

    /** The kernel's names for a mask; a bit that ABI {@code abi} does not have is a problem at {@code pointer}. */
    private static List<String> names(List<Problem> problems, RightKind kind, JsonNode value, String pointer, int abi) {
        if (!value.canConvertToLong()) {
            problems.add(new Problem(pointer, value + " is not a 64-bit mask"));
            return List.of();
        }
        long mask = value.longValue();
        long unknown = mask & ~AbiTable.mask(kind, abi);
        if (unknown != 0) {
            problems.add(new Problem(pointer, "bits 0x" + Long.toHexString(unknown) + " are not "
                    + kind.name().toLowerCase().replace('_', ' ') + " rights of ABI " + abi));
        }
        return AbiTable.names(kind, mask & AbiTable.mask(kind, abi));
    }
}
