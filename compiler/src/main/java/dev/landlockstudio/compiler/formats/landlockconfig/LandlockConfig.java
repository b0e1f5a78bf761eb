package dev.landlockstudio.compiler.formats.landlockconfig;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.ImportReader;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.NetPortRule;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One landlockconfig file as landlockconfig holds it before its variables are resolved (landlock-facts.md §5.1):
 * handled masks, rule rights by parent template and by port (rules on one parent or port OR-merged), variables.
 * Several files compose into one; resolving expands the variables into paths.
 */
final class LandlockConfig {

    /** Where a rule was written: the file (null when only one is read) and the pointer in it. */
    record Place(String file, String pointer) {
        String say(String message) {
            return file == null ? message : "in " + file + ": " + message;
        }
    }

    Integer abi;
    final Map<String, TreeSet<String>> variables = new TreeMap<>();
    final Map<RightKind, Long> handled = new LinkedHashMap<>(Map.of(RightKind.FS, 0L, RightKind.NET, 0L, RightKind.SCOPE, 0L));
    final Map<String, LandlockConfigTemplate> templates = new TreeMap<>();
    final Map<String, Long> pathRights = new TreeMap<>();
    final Map<Integer, Long> portRights = new TreeMap<>();
    final Map<String, Place> pathPlaces = new LinkedHashMap<>();
    final Map<Integer, Place> portPlaces = new LinkedHashMap<>();

    void handle(RightKind kind, long mask) {
        handled.merge(kind, mask, (a, b) -> a | b);
    }

    void addPath(LandlockConfigTemplate template, long rights, Place place) {
        String key = template.toString();
        templates.putIfAbsent(key, template);
        pathRights.merge(key, rights, (a, b) -> a | b);
        pathPlaces.putIfAbsent(key, place);
    }

    void addPort(int port, long rights, Place place) {
        portRights.merge(port, rights, (a, b) -> a | b);
        portPlaces.putIfAbsent(port, place);
    }

    /**
     * Composes {@code other} into this one as landlockconfig does: the handled sets intersect, every rule keeps only
     * the rights both handle (a rule left with none goes), rules on one parent or port merge, variables merge, and
     * the ABI is the older of the two.
     */
    void compose(LandlockConfig other) {
        long fs = handled.get(RightKind.FS) & other.handled.get(RightKind.FS);
        long net = handled.get(RightKind.NET) & other.handled.get(RightKind.NET);
        pathRights.replaceAll((k, rights) -> rights & fs);
        portRights.replaceAll((k, rights) -> rights & net);
        other.pathRights.forEach((key, rights) -> {
            templates.putIfAbsent(key, other.templates.get(key));
            pathPlaces.putIfAbsent(key, other.pathPlaces.get(key));
            pathRights.merge(key, rights & fs, (a, b) -> a | b);
        });
        other.portRights.forEach((port, rights) -> {
            portPlaces.putIfAbsent(port, other.portPlaces.get(port));
            portRights.merge(port, rights & net, (a, b) -> a | b);
        });
        pathRights.values().removeIf(rights -> rights == 0);
        portRights.values().removeIf(rights -> rights == 0);
        other.variables.forEach((name, literals) -> variables.computeIfAbsent(name, n -> new TreeSet<>()).addAll(literals));
        handled.replaceAll((kind, mask) -> mask & other.handled.get(kind));
        if (abi == null || other.abi != null && other.abi < abi) {
            abi = other.abi;
        }
    }

    /**
     * The policy: every parent expanded with the variables (an undefined one is a problem at the parent), relative
     * paths resolved against {@code base} (a problem when there is none), then paths that meet OR-merged.
     */
    Policy resolve(ImportReader in, String name, Path base) {
        if (pathRights.values().removeIf(rights -> rights == 0) | portRights.values().removeIf(rights -> rights == 0)) {
            in.note("a rule that allows nothing (its groups are empty at its ABI) is left out, as the kernel refuses it");
        }
        Map<String, Long> paths = new TreeMap<>();
        Map<String, Place> places = new LinkedHashMap<>();
        boolean relative = false;
        for (Map.Entry<String, Long> rule : pathRights.entrySet()) {
            Place place = pathPlaces.get(rule.getKey());
            LandlockConfigTemplate template = templates.get(rule.getKey());
            String undefined = template.undefined(variables);
            if (undefined != null) {
                in.problem(place.pointer(), place.say("variable ${" + undefined + "} is not defined in any variable table"));
                continue;
            }
            for (String path : template.expand(variables)) {
                String resolved = path;
                if (!path.startsWith("/") && !path.isEmpty()) {
                    if (base == null) {
                        in.problem(place.pointer(), place.say("\"" + path + "\" is relative: landlockconfig opens it from"
                                + " the sandboxed program's working directory, so give that directory as the base"));
                        continue;
                    }
                    // Only "." goes: ".." stays for the policy check to refuse, as a symlink may lead it elsewhere.
                    Path joined = base.resolve(path);
                    resolved = (joined.toString().matches("(.*/)?\\.\\.(/.*)?") ? joined : joined.normalize()).toString();
                    relative = true;
                }
                paths.merge(resolved, rule.getValue(), (a, b) -> a | b);
                places.putIfAbsent(resolved, place);
            }
        }
        if (relative) {
            in.note("relative paths are resolved against " + base + ", taken as the sandboxed program's working"
                    + " directory, from which landlockconfig opens them");
        }
        List<PathBeneathRule> pathRules = new ArrayList<>();
        groups(paths).forEach((rights, grouped) -> {
            String at = "/pathBeneath/" + pathRules.size();
            in.mapPointer(at, places.get(grouped.get(0)).pointer());
            for (int i = 0; i < grouped.size(); i++) {
                in.mapPointer(at + "/paths/" + i, places.get(grouped.get(i)).pointer());
            }
            pathRules.add(new PathBeneathRule(grouped, AbiTable.names(RightKind.FS, rights), IfMissing.SKIP, null));
        });
        List<NetPortRule> portRules = new ArrayList<>();
        groups(portRights).forEach((rights, grouped) -> {
            in.mapPointer("/netPort/" + portRules.size(), portPlaces.get(grouped.get(0)).pointer());
            portRules.add(new NetPortRule(grouped, AbiTable.names(RightKind.NET, rights), null));
        });
        in.throwIfProblems();
        List<String> fs = AbiTable.names(RightKind.FS, handled.get(RightKind.FS));
        List<String> net = AbiTable.names(RightKind.NET, handled.get(RightKind.NET));
        List<String> scoped = AbiTable.names(RightKind.SCOPE, handled.get(RightKind.SCOPE));
        int policyAbi = in.abi(abi, "no abi is set", List.of(fs, net, scoped),
                List.of(RightKind.FS, RightKind.NET, RightKind.SCOPE));
        return new Policy(null, name, null, policyAbi, null, fs, net, scoped, null, null, null, pathRules, portRules, null);
    }

    /** Keys grouped by their rights, in key order, so rules with the same rights are written once. */
    private static <K> Map<Long, List<K>> groups(Map<K, Long> rights) {
        Map<Long, List<K>> groups = new LinkedHashMap<>();
        rights.forEach((key, mask) -> groups.computeIfAbsent(mask, m -> new ArrayList<>()).add(key));
        return groups;
    }
}
