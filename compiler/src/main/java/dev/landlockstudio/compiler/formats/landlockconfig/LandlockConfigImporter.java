package dev.landlockstudio.compiler.formats.landlockconfig;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessGroup;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.FormatMarks;
import dev.landlockstudio.compiler.formats.ImportReader;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.NetPortRule;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads landlockconfig's JSON with landlockconfig's meaning (landlock-facts.md §5.1): its groups expand
 * against its abi, where abi.read_execute also grants refer; rule rights are added to the handled sets;
 * variables are substituted; missing paths are skipped.
 */
public final class LandlockConfigImporter implements Importer {

    private static final List<String> KEYS = List.of("abi", "variable", "ruleset", "pathBeneath", "netPort");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    @Override
    public Imported read(JsonNode document, String name) {
        ImportReader in = new ImportReader(Target.LANDLOCKCONFIG.vocabulary());
        if (in.object(document, "", new LinkedHashSet<>(KEYS)) == null) {
            in.throwIfProblems();
        }
        Integer declaredAbi = abi(in, document.get("abi"));
        Map<String, List<String>> variables = variables(in, document.get("variable"));
        Map<RightKind, Set<String>> handled = new LinkedHashMap<>();
        for (RightKind kind : List.of(RightKind.FS, RightKind.NET, RightKind.SCOPE)) {
            handled.put(kind, new LinkedHashSet<>());
        }
        List<JsonNode> rulesets = in.array(document.get("ruleset"), "/ruleset");
        for (int i = 0; i < rulesets.size(); i++) {
            String at = "/ruleset/" + i;
            if (in.object(rulesets.get(i), at, new LinkedHashSet<>(List.of("handledAccessFs", "handledAccessNet", "scoped"))) == null) {
                continue;
            }
            handled.get(RightKind.FS).addAll(names(in, RightKind.FS, rulesets.get(i).get("handledAccessFs"), at + "/handledAccessFs", declaredAbi));
            handled.get(RightKind.NET).addAll(names(in, RightKind.NET, rulesets.get(i).get("handledAccessNet"), at + "/handledAccessNet", declaredAbi));
            handled.get(RightKind.SCOPE).addAll(names(in, RightKind.SCOPE, rulesets.get(i).get("scoped"), at + "/scoped", declaredAbi));
        }
        List<PathBeneathRule> pathRules = new ArrayList<>();
        List<JsonNode> written = in.array(document.get("pathBeneath"), "/pathBeneath");
        for (int i = 0; i < written.size(); i++) {
            String at = "/pathBeneath/" + i;
            if (in.object(written.get(i), at, Set.of("allowedAccess", "parent")) == null) {
                continue;
            }
            List<String> rights = names(in, RightKind.FS, written.get(i).get("allowedAccess"), at + "/allowedAccess", declaredAbi);
            handled.get(RightKind.FS).addAll(rights);
            List<String> parents = new ArrayList<>();
            List<String> rawParents = in.strings(written.get(i).get("parent"), at + "/parent");
            for (int j = 0; j < rawParents.size(); j++) {
                parents.addAll(substitute(in, rawParents.get(j), variables, at + "/parent/" + j));
            }
            in.mapPointer("/pathBeneath/" + pathRules.size(), at);
            pathRules.add(new PathBeneathRule(parents, ImportReader.inKernelOrder(RightKind.FS, rights), IfMissing.SKIP, null));
        }
        List<NetPortRule> portRules = new ArrayList<>();
        List<JsonNode> ports = in.array(document.get("netPort"), "/netPort");
        for (int i = 0; i < ports.size(); i++) {
            String at = "/netPort/" + i;
            if (in.object(ports.get(i), at, Set.of("allowedAccess", "port")) == null) {
                continue;
            }
            List<String> rights = names(in, RightKind.NET, ports.get(i).get("allowedAccess"), at + "/allowedAccess", declaredAbi);
            handled.get(RightKind.NET).addAll(rights);
            in.mapPointer("/netPort/" + portRules.size(), at);
            portRules.add(new NetPortRule(in.ports(ports.get(i).get("port"), at + "/port"),
                    ImportReader.inKernelOrder(RightKind.NET, rights)));
        }
        in.throwIfProblems();
        List<String> fs = ImportReader.inKernelOrder(RightKind.FS, List.copyOf(handled.get(RightKind.FS)));
        List<String> net = ImportReader.inKernelOrder(RightKind.NET, List.copyOf(handled.get(RightKind.NET)));
        List<String> scoped = ImportReader.inKernelOrder(RightKind.SCOPE, List.copyOf(handled.get(RightKind.SCOPE)));
        int abi = in.abi(declaredAbi, "the file has no abi", List.of(fs, net, scoped),
                List.of(RightKind.FS, RightKind.NET, RightKind.SCOPE));
        in.note("landlockconfig skips paths that cannot be opened: every rule has ifMissing \"skip\"");
        return in.finish(new Policy(null, name, null, abi, null, fs, net, scoped, null, null, null, pathRules, portRules, null));
    }

    @Override
    public String mismatch(JsonNode document) {
        if (!document.isObject()) {
            return "not a JSON object";
        }
        String foreign = FormatMarks.firstKeyOutside(document, KEYS);
        if (foreign != null) {
            return "it has the key \"" + foreign + "\", which landlockconfig does not";
        }
        if (document.has("ruleset") || document.has("variable") || FormatMarks.someItemHas(document.get("pathBeneath"), "parent")
                || FormatMarks.someItemHas(document.get("netPort"), "port")) {
            return null;
        }
        return "no ruleset, variable, pathBeneath rule with parent or netPort rule with port";
    }

    private static Integer abi(ImportReader in, JsonNode node) {
        if (node == null) {
            return null;
        }
        // As a BigInteger: any integer JSON can write is compared, 99999999999999999999 too.
        if (!node.isIntegralNumber() || node.bigIntegerValue().compareTo(BigInteger.ONE) < 0) {
            in.problem("/abi", "abi must be an integer of at least 1, found " + node);
            return null;
        }
        if (node.bigIntegerValue().compareTo(BigInteger.valueOf(AbiTable.newest())) > 0) {
            in.problem("/abi", "abi " + node + " is newer than the newest Landlock ABI known here (" + AbiTable.newest() + ")");
            return null;
        }
        return node.intValue();
    }

    /** Right names and groups, groups expanded with landlockconfig's meaning. */
    private static List<String> names(ImportReader in, RightKind kind, JsonNode node, String pointer, Integer abi) {
        List<String> names = new ArrayList<>();
        List<String> written = in.strings(node, pointer);
        for (int i = 0; i < written.size(); i++) {
            String name = written.get(i);
            String at = pointer + "/" + i;
            var group = AccessGroup.named(name);
            if (group.isPresent() && group.get().appliesTo(kind)) {
                if (abi == null) {
                    in.problem(at, name + " needs the top-level abi, which this document does not set");
                    continue;
                }
                long mask = group.get().expand(kind, abi);
                if (group.get() == AccessGroup.READ_EXECUTE) {
                    // landlockconfig's abi.read_execute also grants refer where the ABI has it.
                    mask |= AbiTable.mask(kind, abi) & AbiTable.right(RightKind.FS, "refer").orElseThrow().value();
                }
                names.addAll(AbiTable.names(kind, mask));
            } else if (in.knows(kind, name)) {
                names.add(name);
            } else {
                in.problem(at, "\"" + name + "\" is not a landlockconfig " + kind.name().toLowerCase() + " name");
            }
        }
        return names;
    }

    private static Map<String, List<String>> variables(ImportReader in, JsonNode node) {
        Map<String, List<String>> variables = new LinkedHashMap<>();
        List<JsonNode> written = in.array(node, "/variable");
        for (int i = 0; i < written.size(); i++) {
            String at = "/variable/" + i;
            if (in.object(written.get(i), at, new LinkedHashSet<>(List.of("name", "literal"))) == null) {
                continue;
            }
            JsonNode variableName = written.get(i).get("name");
            if (variableName == null || !variableName.isString()) {
                in.problem(at + "/name", "a variable needs a string name");
                continue;
            }
            variables.computeIfAbsent(variableName.stringValue(), k -> new ArrayList<>())
                    .addAll(in.strings(written.get(i).get("literal"), at + "/literal"));
        }
        return variables;
    }

    /** Every path {@code parent} stands for once each ${name} is replaced by each of its literals. */
    private static List<String> substitute(ImportReader in, String parent, Map<String, List<String>> variables, String pointer) {
        Matcher m = VARIABLE.matcher(parent);
        if (!m.find()) {
            return List.of(parent);
        }
        List<String> literals = variables.get(m.group(1));
        if (literals == null) {
            in.problem(pointer, "variable ${" + m.group(1) + "} is not defined in /variable");
            return List.of();
        }
        // Only the rest after the variable is scanned again: a literal is never itself substituted.
        List<String> paths = new ArrayList<>();
        for (String rest : substitute(in, parent.substring(m.end()), variables, pointer)) {
            for (String literal : literals) {
                paths.add(parent.substring(0, m.start()) + literal + rest);
            }
        }
        return paths;
    }
}
