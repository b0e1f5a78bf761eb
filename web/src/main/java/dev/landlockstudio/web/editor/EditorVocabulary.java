package dev.landlockstudio.web.editor;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.Compatibility;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every list the editor's script offers, from the tables the compiler reads (the ABI table, the evaluator's
 * operations, the compatibility levels), so that the page never knows a word the server does not: one JSON object
 * in the editor's {@code data-vocabulary} attribute.
 */
public final class EditorVocabulary {

    /** One ABI version as the editor offers it. */
    public record Abi(int number, String linux) {
    }

    /** One landlock_restrict_self flag. */
    @JsonPropertyOrder({"name", "kernelName", "firstAbi", "meaning"})
    public record RestrictFlag(String name, String kernelName, int firstAbi, String meaning) {
    }

    /**
     * Quiet logging as the editor offers it: from which ABI, and what each mark means, by the document key it sits
     * under (a rule's {@code quiet} under {@code pathBeneath} and {@code netPort}, and the three quiet sets).
     */
    public record Quiet(int firstAbi, Map<String, String> meanings) {
    }

    /** One access explain can ask about, and what it names: path, parent, two_paths, port or scope. */
    public record AccessOperation(String name, String target) {
    }

    private static final Map<String, String> FLAG_MEANINGS = Map.of(
            "log_same_exec_off", "do not log denials of the program that enforces the policy (until it runs another)",
            "log_new_exec_on", "log denials of the programs it runs (after execve)",
            "log_subdomains_off", "do not log denials of sandboxes nested inside this one",
            "tsync", "enforce on every thread of the process, not only the calling one",
            "no_new_privs", "set no_new_privs in the same call (setuid programs gain nothing)");

    // As landlock.h says: a denial is not logged when every right this layer denies is in its quiet set and the
    // object (for a path, it or a parent) is marked quiet by a rule; quiet scopes need no rule.
    private static final Map<String, String> QUIET_MEANINGS = Map.of(
            "pathBeneath", "denials beneath these paths of the quiet fs rights are not logged",
            "netPort", "denials on these ports of the quiet net rights are not logged",
            "quietAccessFs", "fs rights whose denials are not logged beneath a quiet path rule",
            "quietAccessNet", "net rights whose denials are not logged on the ports of a quiet port rule",
            "quietScoped", "scopes whose denials are not logged (no rule needed)");

    private EditorVocabulary() {
    }

    /** The vocabulary as JSON, with the ABI the host runs ({@code hostAbi}, 0 when it has no Landlock). */
    public static String json(int hostAbi) {
        Map<String, Object> vocabulary = new LinkedHashMap<>();
        vocabulary.put("abis", AbiTable.VERSIONS.stream().map(v -> new Abi(v.number(), v.linux())).toList());
        vocabulary.put("newestAbi", AbiTable.newest());
        vocabulary.put("hostAbi", hostAbi);
        vocabulary.put("rights", RightCatalog.ENTRIES);
        vocabulary.put("groups", RightCatalog.GROUPS);
        vocabulary.put("restrictFlags", restrictFlags());
        vocabulary.put("quiet", new Quiet(AbiTable.quietFirstAbi(), QUIET_MEANINGS));
        vocabulary.put("operations", Arrays.stream(Operation.values())
                .map(o -> new AccessOperation(o.documentName(), o.target().name().toLowerCase())).toList());
        vocabulary.put("compatibility", Arrays.stream(Compatibility.values()).map(Compatibility::documentName).toList());
        return Json.write(vocabulary);
    }

    private static List<RestrictFlag> restrictFlags() {
        return AbiTable.rights(RightKind.RESTRICT_FLAG).stream().map(r -> new RestrictFlag(r.name(), r.kernelName(),
                r.firstAbi(), FLAG_MEANINGS.getOrDefault(r.name(), r.kernelName()))).toList();
    }
}
