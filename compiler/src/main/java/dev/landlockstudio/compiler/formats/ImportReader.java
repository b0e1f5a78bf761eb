package dev.landlockstudio.compiler.formats;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.lowering.Vocabulary;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Strict reading of another tool's file, shared by the importers: unknown keys and names are problems
 * at their place in the input, and the finished policy is checked like a written one, its problems
 * reported at the input's places. A JSON input's places are pointers; a file of lines' places are
 * "line N, TOKEN", said at the start of the problem's message.
 */
public final class ImportReader {

    private final Vocabulary vocabulary;
    private final boolean lines;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, String> policyToInput = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** @param vocabulary the names the format has; any other name is a problem */
    public ImportReader(Vocabulary vocabulary) {
        this(vocabulary, false);
    }

    private ImportReader(Vocabulary vocabulary, boolean lines) {
        this.vocabulary = vocabulary;
        this.lines = lines;
    }

    /** A reader of a file of lines: its places name a line and the token on it. */
    public static ImportReader ofLines(Vocabulary vocabulary) {
        return new ImportReader(vocabulary, true);
    }

    /** Whether the format has a name for the right {@code name} of {@code kind}. */
    public boolean knows(RightKind kind, String name) {
        return AbiTable.right(kind, name).filter(r -> (vocabulary.known(kind) & r.value()) != 0).isPresent();
    }

    public void note(String note) {
        notes.add(note);
    }

    /** @param place a pointer into JSON, or "line N, TOKEN" in a file of lines; "" is the whole file */
    public void problem(String place, String message) {
        problems.add(at(place, message));
    }

    private Problem at(String place, String message) {
        if (!lines) {
            return new Problem(place, message);
        }
        return new Problem("", place.isEmpty() ? message : place + ": " + message);
    }

    /** The object at {@code pointer}, or null (with a problem) if it is something else; unknown keys are problems. */
    public JsonNode object(JsonNode node, String pointer, Set<String> keys) {
        if (node == null || !node.isObject()) {
            problem(pointer, "expected an object, found " + kind(node));
            return null;
        }
        for (String key : node.propertyNames()) {
            if (!keys.contains(key)) {
                problem(pointer + "/" + key, "unknown key \"" + key + "\": expected one of " + String.join(", ", keys));
            }
        }
        return node;
    }

    /** The elements of the array at {@code pointer}; a missing array is empty, anything else a problem. */
    public List<JsonNode> array(JsonNode node, String pointer) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problem(pointer, "expected an array, found " + kind(node));
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    public List<String> strings(JsonNode node, String pointer) {
        List<String> values = new ArrayList<>();
        List<JsonNode> items = array(node, pointer);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).isString()) {
                values.add(items.get(i).stringValue());
            } else {
                problem(pointer + "/" + i, "expected a string, found " + kind(items.get(i)));
            }
        }
        return values;
    }

    public List<Integer> ports(JsonNode node, String pointer) {
        List<Integer> ports = new ArrayList<>();
        List<JsonNode> items = array(node, pointer);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item.isIntegralNumber() && item.canConvertToLong() && item.longValue() >= 0 && item.longValue() <= 65535) {
                ports.add(item.intValue());
            } else {
                problem(pointer + "/" + i, item + " is not a port: a port is an integer from 0 to 65535");
            }
        }
        return ports;
    }

    /** Whether the value at {@code pointer} is a boolean; null when absent. */
    public Boolean bool(JsonNode node, String pointer) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            problem(pointer, "expected true or false, found " + kind(node));
            return null;
        }
        return node.booleanValue();
    }

    /** Our names for the input's names of one kind; {@code translate} returns null for a name the format lacks. */
    public List<String> rights(RightKind kind, JsonNode node, String pointer, Function<String, String> translate) {
        List<String> names = new ArrayList<>();
        List<String> theirs = strings(node, pointer);
        for (int i = 0; i < theirs.size(); i++) {
            String ours = translate.apply(theirs.get(i));
            if (ours == null || !knows(kind, ours)) {
                problem(pointer + "/" + i, "\"" + theirs.get(i) + "\" is not a " + kind.name().toLowerCase()
                        + " right this format knows");
            } else {
                names.add(ours);
            }
        }
        return inKernelOrder(kind, names);
    }

    /** Names deduplicated and sorted by bit, so imports are stable whatever the input's order. */
    public static List<String> inKernelOrder(RightKind kind, List<String> names) {
        return names.stream().distinct()
                .map(n -> AbiTable.right(kind, n).orElseThrow())
                .sorted(Comparator.comparingLong(AccessRight::value))
                .map(AccessRight::name).toList();
    }

    /** The oldest ABI that knows every right named in {@code policy}, so groups would not change its meaning. */
    public static int oldestAbiFor(List<List<String>> nameLists, List<RightKind> kinds) {
        int abi = AbiTable.oldest();
        for (int i = 0; i < nameLists.size(); i++) {
            for (String name : nameLists.get(i)) {
                abi = Math.max(abi, AbiTable.right(kinds.get(i), name).orElseThrow().firstAbi());
            }
        }
        return abi;
    }

    /**
     * The policy's ABI: the one the file records, raised (with a note) to the oldest that knows every right named;
     * when the file records none ({@code recorded} null), that oldest one, with {@code unrecorded} as the note's start.
     */
    public int abi(Integer recorded, String unrecorded, List<List<String>> nameLists, List<RightKind> kinds) {
        int needed = oldestAbiFor(nameLists, kinds);
        if (recorded == null) {
            note(unrecorded + ": taken as ABI " + needed + ", the oldest with every right the file names");
            return needed;
        }
        if (recorded < needed) {
            note("the file records ABI " + recorded + " but names rights of ABI " + needed + ": taken as ABI " + needed);
            return needed;
        }
        return recorded;
    }

    /**
     * One rule per set of fs rights, its paths in the order they first appear; each path's place is where it was
     * first named.
     */
    public List<PathBeneathRule> pathRulesByRights(Map<String, Long> rightsByPath, Map<String, String> firstPlace,
                                                   IfMissing ifMissing) {
        Map<Long, List<String>> pathsByRights = new LinkedHashMap<>();
        rightsByPath.forEach((path, rights) -> pathsByRights.computeIfAbsent(rights, r -> new ArrayList<>()).add(path));
        List<PathBeneathRule> rules = new ArrayList<>();
        pathsByRights.forEach((rights, paths) -> {
            for (int i = 0; i < paths.size(); i++) {
                mapPointer("/pathBeneath/" + rules.size() + "/paths/" + i, firstPlace.get(paths.get(i)));
            }
            rules.add(new PathBeneathRule(paths, AbiTable.names(RightKind.FS, rights), ifMissing, null));
        });
        return rules;
    }

    /** Records that the policy's {@code policyPointer} came from the input's {@code inputPointer} (its place). */
    public void mapPointer(String policyPointer, String inputPointer) {
        policyToInput.put(policyPointer, inputPointer);
    }

    /** Throws with the problems found so far, if any. */
    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems);
        }
    }

    /** Checks the finished policy as if it had been written; its problems are reported at the input's pointers. */
    public Importer.Imported finish(Policy policy) {
        throwIfProblems();
        try {
            PolicyReader.check(policy);
        } catch (InvalidDocumentException e) {
            throw new InvalidDocumentException(e.problems().stream()
                    .map(p -> at(inputPointer(p.pointer()), p.message())).toList());
        }
        return new Importer.Imported(policy, List.copyOf(notes));
    }

    private String inputPointer(String policyPointer) {
        String best = null;
        for (String prefix : policyToInput.keySet()) {
            if ((policyPointer.equals(prefix) || policyPointer.startsWith(prefix + "/"))
                    && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        // Names are re-ordered on import, so an index below the mapped place would not match the input.
        return best == null ? "" : policyToInput.get(best);
    }

    private static String kind(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase();
    }
}
