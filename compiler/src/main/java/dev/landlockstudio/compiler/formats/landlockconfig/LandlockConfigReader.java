package dev.landlockstudio.compiler.formats.landlockconfig;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessGroup;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.ImportReader;
import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads one landlockconfig file, JSON or TOML, into a {@link LandlockConfig} with landlockconfig's meaning
 * (landlock-facts.md §5.1): groups expand against the file's abi (abi.read_execute also grants refer), every
 * right a rule allows is handled, and parents keep their variables until the config is resolved.
 */
final class LandlockConfigReader {

    /** Groups named for one ABI, which older landlockconfig files use and which need no abi: v5.read_execute. */
    private static final Pattern VERSIONED_GROUP = Pattern.compile("v([1-9])\\.(all|read_execute|read_write)");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final ImportReader in;
    private final LandlockConfigSpelling spelling;
    private final String file;

    LandlockConfigReader(ImportReader in, LandlockConfigSpelling spelling, String file) {
        this.in = in;
        this.spelling = spelling;
        this.file = file;
    }

    LandlockConfig read(JsonNode document) {
        LandlockConfig config = new LandlockConfig();
        if (in.object(document, "", new LinkedHashSet<>(spelling.topKeys())) == null) {
            in.throwIfProblems();
        }
        config.abi = abi(document.get("abi"));
        variables(config, document.get("variable"));
        List<JsonNode> rulesets = in.array(document.get(spelling.ruleset), "/" + spelling.ruleset);
        for (int i = 0; i < rulesets.size(); i++) {
            String at = "/" + spelling.ruleset + "/" + i;
            JsonNode ruleset = in.object(rulesets.get(i), at, new LinkedHashSet<>(spelling.rulesetKeys()));
            if (ruleset != null) {
                config.handle(RightKind.FS, mask(RightKind.FS, ruleset.get(spelling.handledAccessFs), at + "/" + spelling.handledAccessFs, config.abi));
                config.handle(RightKind.NET, mask(RightKind.NET, ruleset.get(spelling.handledAccessNet), at + "/" + spelling.handledAccessNet, config.abi));
                config.handle(RightKind.SCOPE, mask(RightKind.SCOPE, ruleset.get("scoped"), at + "/scoped", config.abi));
            }
        }
        List<JsonNode> pathRules = in.array(document.get(spelling.pathBeneath), "/" + spelling.pathBeneath);
        for (int i = 0; i < pathRules.size(); i++) {
            String at = "/" + spelling.pathBeneath + "/" + i;
            JsonNode rule = in.object(pathRules.get(i), at, Set.of(spelling.allowedAccess, "parent"));
            if (rule == null || !present(rule, at, spelling.allowedAccess) || !present(rule, at, "parent")) {
                continue;
            }
            long rights = mask(RightKind.FS, rule.get(spelling.allowedAccess), at + "/" + spelling.allowedAccess, config.abi);
            // "Automatically augment and keep the ruleset consistent": what a rule allows is handled.
            config.handle(RightKind.FS, rights);
            List<String> parents = in.strings(rule.get("parent"), at + "/parent");
            for (int j = 0; j < parents.size(); j++) {
                String pointer = at + "/parent/" + j;
                LandlockConfigTemplate template = LandlockConfigTemplate.parse(in, parents.get(j), pointer);
                if (template != null) {
                    config.addPath(template, rights, new LandlockConfig.Place(file, pointer));
                }
            }
        }
        List<JsonNode> portRules = in.array(document.get(spelling.netPort), "/" + spelling.netPort);
        for (int i = 0; i < portRules.size(); i++) {
            String at = "/" + spelling.netPort + "/" + i;
            JsonNode rule = in.object(portRules.get(i), at, Set.of(spelling.allowedAccess, "port"));
            if (rule == null || !present(rule, at, spelling.allowedAccess) || !present(rule, at, "port")) {
                continue;
            }
            long rights = mask(RightKind.NET, rule.get(spelling.allowedAccess), at + "/" + spelling.allowedAccess, config.abi);
            config.handle(RightKind.NET, rights);
            for (int port : in.ports(rule.get("port"), at + "/port")) {
                config.addPort(port, rights, new LandlockConfig.Place(file, at + "/port"));
            }
        }
        in.throwIfProblems();
        return config;
    }

    /** Whether {@code rule} has a non-empty {@code key}, which landlockconfig requires; a problem if not. */
    private boolean present(JsonNode rule, String at, String key) {
        JsonNode value = rule.get(key);
        if (value == null || value.isArray() && value.isEmpty()) {
            in.problem(at + "/" + key, "a rule needs a non-empty " + key);
            return false;
        }
        return true;
    }

    private Integer abi(JsonNode node) {
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

    /** The rights named, groups expanded with landlockconfig's meaning. */
    private long mask(RightKind kind, JsonNode node, String pointer, Integer abi) {
        long mask = 0;
        List<String> written = in.strings(node, pointer);
        for (int i = 0; i < written.size(); i++) {
            String name = written.get(i);
            String at = pointer + "/" + i;
            var group = AccessGroup.named(name);
            Matcher versioned = VERSIONED_GROUP.matcher(name);
            if (group.isPresent() && group.get().appliesTo(kind)) {
                if (abi == null) {
                    in.problem(at, name + " needs the top-level abi, which this file does not set");
                } else {
                    mask |= expand(group.get(), kind, abi);
                }
            } else if (versioned.matches() && versionedExists(kind, versioned)) {
                mask |= expand(AccessGroup.named("abi." + versioned.group(2)).orElseThrow(), kind, Integer.parseInt(versioned.group(1)));
            } else if (in.knows(kind, name)) {
                mask |= AbiTable.right(kind, name).orElseThrow().value();
            } else {
                in.problem(at, "\"" + name + "\" is not a landlockconfig " + kind.name().toLowerCase() + " name");
            }
        }
        return mask;
    }

    /** landlockconfig's vN groups: fs ones for v1 to v6, net's vN.all from v4, scope's v6.all. */
    private static boolean versionedExists(RightKind kind, Matcher versioned) {
        int version = Integer.parseInt(versioned.group(1));
        boolean all = versioned.group(2).equals("all");
        return switch (kind) {
            case FS -> version <= 6;
            case NET -> all && version >= 4 && version <= 6;
            case SCOPE -> all && version == 6;
            default -> false;
        };
    }

    private static long expand(AccessGroup group, RightKind kind, int abi) {
        long mask = group.expand(kind, abi);
        if (group == AccessGroup.READ_EXECUTE) {
            // landlockconfig's abi.read_execute also grants refer where the ABI has it.
            mask |= AbiTable.mask(kind, abi) & AbiTable.right(RightKind.FS, "refer").orElseThrow().value();
        }
        return mask;
    }

    private void variables(LandlockConfig config, JsonNode node) {
        List<JsonNode> written = in.array(node, "/variable");
        for (int i = 0; i < written.size(); i++) {
            String at = "/variable/" + i;
            if (in.object(written.get(i), at, new LinkedHashSet<>(List.of("name", "literal"))) == null) {
                continue;
            }
            JsonNode name = written.get(i).get("name");
            if (name == null || !name.isString() || !VARIABLE_NAME.matcher(name.stringValue()).matches()) {
                in.problem(at + "/name", "a variable needs a name that starts with an ASCII letter, then letters,"
                        + " digits or _, found " + (name == null ? "nothing" : name));
                continue;
            }
            // A literal is taken as written: variables in it are not expanded. No literal: the variable stands for no path.
            config.variables.computeIfAbsent(name.stringValue(), k -> new TreeSet<>())
                    .addAll(in.strings(written.get(i).get("literal"), at + "/literal"));
        }
    }
}
