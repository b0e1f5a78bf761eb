package dev.landlockstudio.compiler.formats.podlock;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.ImportReader;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads one container's binary of a PodLock LandlockProfile (YAML, or the same as JSON) with PodLock's meaning
 * ({@link PodLockSets}). Every binary of the profile is checked as PodLock's webhook checks it; one is read: the
 * selected one, or the only one.
 */
public final class PodLockImporter implements Importer {

    private static final Set<String> TOP_KEYS = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final String CONTAINERS = "/spec/profilesByContainer";

    private final PodLockSelection selection;

    /** @param selection the container and binary to read, or null for the profile's only one */
    public PodLockImporter(PodLockSelection selection) {
        this.selection = selection;
    }

    @Override
    public String mismatch(JsonNode document) {
        if (!document.isObject()) {
            return "not an object";
        }
        JsonNode apiVersion = document.get("apiVersion");
        if (apiVersion == null || !apiVersion.isString() || !apiVersion.stringValue().startsWith("podlock.kubewarden.io/")) {
            return "no apiVersion podlock.kubewarden.io/...";
        }
        JsonNode kind = document.get("kind");
        return kind != null && kind.isString() && kind.stringValue().equals(PodLockSets.KIND) ? null
                : "no kind " + PodLockSets.KIND;
    }

    @Override
    public Imported read(JsonNode document, String name) {
        ImportReader in = new ImportReader(Target.PODLOCK.vocabulary());
        in.object(document, "", TOP_KEYS);
        String apiVersion = document.path("apiVersion").asString("");
        if (!apiVersion.equals(PodLockSets.API_VERSION)) {
            in.problem("/apiVersion", "\"" + apiVersion + "\" is not a LandlockProfile version this reads: expected "
                    + PodLockSets.API_VERSION);
        }
        keys(document.get("metadata"), "/metadata", in);
        if (document.has("status")) {
            in.note("status is the cluster's account of the profile, not part of it: left out");
        }
        Map<PodLockSelection, JsonNode> binaries = binaries(document, in);
        in.throwIfProblems();
        PodLockSelection chosen = chosen(binaries, in);
        in.throwIfProblems();
        Map<String, Long> rightsByPath = new LinkedHashMap<>();
        Map<String, String> firstPlace = new LinkedHashMap<>();
        String binaryPointer = CONTAINERS + "/" + escape(chosen.container()) + "/" + escape(chosen.binary());
        JsonNode profile = binaries.get(chosen);
        PodLockSets.GRANTS.forEach((list, rights) -> {
            List<String> paths = in.strings(profile.get(list), binaryPointer + "/" + list);
            for (int i = 0; i < paths.size(); i++) {
                rightsByPath.merge(paths.get(i), AbiTable.bits(RightKind.FS, rights), (a, b) -> a | b);
                firstPlace.putIfAbsent(paths.get(i), binaryPointer + "/" + list + "/" + i);
            }
        });
        in.note("read container " + chosen.container() + ", binary " + chosen.binary() + (binaries.size() > 1
                ? " of the profile's " + String.join(", ", binaries.keySet().stream().map(PodLockSelection::toString).toList())
                : ""));
        in.note("PodLock applies go-landlock's V3 with no best-effort mode: the ABI " + PodLockSets.ABI + " filesystem"
                + " rights are handled, no network right or scope, and on an older kernel the binary does not start:"
                + " taken as hard_requirement at ABI " + PodLockSets.ABI);
        in.note("PodLock skips a path it cannot stat: every rule has ifMissing \"skip\"");
        in.note("PodLock also lets the binary execute and read its own copy (" + PodLockSets.SWAPPED_BINARIES
                + chosen.binary() + "), and its linked libraries when told to: not in the policy");
        return in.finish(new Policy(null, name, null, PodLockSets.ABI, Compatibility.HARD_REQUIREMENT,
                PodLockSets.handled(), List.of(), List.of(), null, null, null,
                in.pathRulesByRights(rightsByPath, firstPlace, IfMissing.SKIP), List.of(), null));
    }

    /** Every container's binaries, in the profile's order, each checked as PodLock's webhook checks it. */
    private static Map<PodLockSelection, JsonNode> binaries(JsonNode document, ImportReader in) {
        Map<PodLockSelection, JsonNode> binaries = new LinkedHashMap<>();
        JsonNode spec = in.object(document.get("spec"), "/spec", Set.of("profilesByContainer"));
        JsonNode containers = spec == null ? null : spec.get("profilesByContainer");
        for (String container : keys(containers, CONTAINERS, in)) {
            String containerPointer = CONTAINERS + "/" + escape(container);
            JsonNode byBinary = containers.get(container);
            for (String binary : keys(byBinary, containerPointer, in)) {
                String pointer = containerPointer + "/" + escape(binary);
                String problem = PodLockSets.pathProblem(binary);
                if (problem != null) {
                    in.problem(pointer, "the binary " + binary + ": " + problem);
                }
                // An empty entry is a binary with no path, as Go decodes it: it may run only itself.
                JsonNode profile = byBinary.get(binary).isNull() ? JsonNodeFactory.instance.objectNode() : byBinary.get(binary);
                if (in.object(profile, pointer, PodLockSets.GRANTS.keySet()) != null) {
                    checkLists(profile, pointer, in);
                    binaries.put(new PodLockSelection(container, binary), profile);
                }
            }
        }
        return binaries;
    }

    /** The keys of the map at {@code pointer}; absent or null is an empty map, anything else a problem. */
    private static List<String> keys(JsonNode node, String pointer, ImportReader in) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            in.problem(pointer, "expected a map, found " + node.getNodeType().name().toLowerCase());
            return List.of();
        }
        return List.copyOf(node.propertyNames());
    }

    /** Each path absolute and clean, and in one list only (PodLock's webhook refuses overlaps). */
    private static void checkLists(JsonNode profile, String pointer, ImportReader in) {
        Map<String, String> listOf = new LinkedHashMap<>();
        for (String list : PodLockSets.GRANTS.keySet()) {
            List<String> paths = in.strings(profile.get(list), pointer + "/" + list);
            for (int i = 0; i < paths.size(); i++) {
                String path = paths.get(i);
                String problem = PodLockSets.pathProblem(path);
                if (problem != null) {
                    in.problem(pointer + "/" + list + "/" + i, path + ": " + problem);
                }
                String other = listOf.putIfAbsent(path, list);
                if (other != null && !other.equals(list)) {
                    in.problem(pointer + "/" + list + "/" + i, path + " is also in " + other + ": PodLock refuses a path"
                            + " in two lists");
                }
            }
        }
    }

    private PodLockSelection chosen(Map<PodLockSelection, JsonNode> binaries, ImportReader in) {
        List<PodLockSelection> candidates = new ArrayList<>(binaries.keySet());
        if (selection != null) {
            candidates.removeIf(c -> !c.container().equals(selection.container())
                    || selection.binary() != null && !c.binary().equals(selection.binary()));
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String all = String.join(", ", binaries.keySet().stream().map(PodLockSelection::toString).toList());
        if (binaries.isEmpty()) {
            in.problem(CONTAINERS, "this profile names no container and binary: PodLock confines nothing with it");
        } else if (candidates.isEmpty()) {
            in.problem(CONTAINERS, "this profile has no " + selection + ": it holds " + all);
        } else {
            in.problem(CONTAINERS, "this profile holds " + candidates.size() + " binaries" + (selection == null ? "" : " in "
                    + selection.container()) + ": select one as CONTAINER/BINARY (import --select, or select= on POST"
                    + " /api/import): " + String.join(", ", candidates.stream().map(PodLockSelection::toString).toList()));
        }
        return null;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
