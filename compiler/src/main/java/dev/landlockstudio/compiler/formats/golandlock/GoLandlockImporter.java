package dev.landlockstudio.compiler.formats.golandlock;

import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.formats.FormatMarks;
import dev.landlockstudio.compiler.formats.ImportReader;
import dev.landlockstudio.compiler.formats.Importer;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Reads go-landlock's configurable example JSON. That program handles only filesystem rights, so the policy
 * leaves network and scopes unrestricted. Keys must match exactly: go's case-insensitive matching is not copied.
 */
public final class GoLandlockImporter implements Importer {

    private static final List<String> KEYS = List.of("forbidden_access", "exceptions", "best_effort");

    @Override
    public Imported read(JsonNode document, String name) {
        ImportReader in = new ImportReader(Target.GO_LANDLOCK.vocabulary());
        if (in.object(document, "", new LinkedHashSet<>(KEYS)) == null) {
            in.throwIfProblems();
        }
        List<String> handledFs = in.rights(RightKind.FS, document.get("forbidden_access"), "/forbidden_access",
                Function.identity());
        in.mapPointer("/handledAccessFs", "/forbidden_access");
        List<PathBeneathRule> rules = new ArrayList<>();
        List<JsonNode> exceptions = in.array(document.get("exceptions"), "/exceptions");
        for (int i = 0; i < exceptions.size(); i++) {
            String at = "/exceptions/" + i;
            if (in.object(exceptions.get(i), at, Set.of("paths", "permitted_access")) == null) {
                continue;
            }
            in.mapPointer("/pathBeneath/" + rules.size(), at);
            rules.add(new PathBeneathRule(in.strings(exceptions.get(i).get("paths"), at + "/paths"),
                    in.rights(RightKind.FS, exceptions.get(i).get("permitted_access"), at + "/permitted_access",
                            Function.identity())));
        }
        Boolean bestEffort = in.bool(document.get("best_effort"), "/best_effort");
        Compatibility compatibility = Boolean.TRUE.equals(bestEffort) ? Compatibility.BEST_EFFORT : Compatibility.HARD_REQUIREMENT;
        in.note("go-landlock's example restricts only the filesystem: handledAccessNet and scoped are left empty");
        // The format has no ABI (go-landlock takes the kernel's): only the rights named say which one is needed.
        int abi = in.abi(null, "go-landlock's JSON names no ABI", List.of(handledFs), List.of(RightKind.FS));
        return in.finish(new Policy(null, name, null, abi, compatibility, handledFs, List.of(), List.of(),
                null, null, null, rules, null, null));
    }

    @Override
    public String mismatch(JsonNode document) {
        if (!document.isObject()) {
            return "not a JSON object";
        }
        return FormatMarks.firstKey(document, KEYS) == null ? "it has none of " + String.join(", ", KEYS) : null;
    }
}
