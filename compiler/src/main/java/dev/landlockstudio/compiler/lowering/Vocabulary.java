package dev.landlockstudio.compiler.lowering;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.policy.IfMissing;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What an output format can say, whatever the ABI: which rights, scopes and flags it has names for,
 * whether it carries quiet marks, and how its consumer treats a missing path. Lowering reads only this, never the
 * format itself.
 *
 * @param format the format's name, as the report speaks of it
 * @param missingPaths the consumer's fixed behaviour for missing paths, or null when each rule says
 * @param alwaysHandledFs fs rights the consumer handles whatever the policy says (those its ABI knows), or 0
 * @param fsGrants the fs right sets a rule of the format grants, each whole (a rule is a union of them, cut to what
 *                 is handled); empty when a rule may name any right
 */
public record Vocabulary(String format, Map<RightKind, Long> known, boolean quiet, IfMissing missingPaths,
                         long alwaysHandledFs, List<Long> fsGrants) {

    /** Everything the kernel knows; rules choose their own missing-path behaviour. */
    public static Vocabulary kernel(String format) {
        Map<RightKind, Long> known = new EnumMap<>(RightKind.class);
        for (RightKind kind : RightKind.values()) {
            known.put(kind, AbiTable.mask(kind, AbiTable.newest()));
        }
        return new Vocabulary(format, Map.copyOf(known), true, null, 0, List.of());
    }

    /** A format that names exactly these rights (policy names) and no quiet marks. */
    public static Vocabulary of(String format, List<String> names, IfMissing missingPaths) {
        Map<RightKind, Long> known = new EnumMap<>(RightKind.class);
        for (RightKind kind : RightKind.values()) {
            known.put(kind, 0L);
        }
        for (String name : names) {
            RightKind kind = kindOf(name);
            known.merge(kind, AbiTable.right(kind, name).orElseThrow().value(), (a, b) -> a | b);
        }
        return new Vocabulary(format, Map.copyOf(known), false, missingPaths, 0, List.of());
    }

    /** This vocabulary for a consumer that always handles {@code alwaysHandled} and grants only whole {@code grants}. */
    public Vocabulary withFixedFs(List<String> alwaysHandled, List<List<String>> grants) {
        return new Vocabulary(format, known, quiet, missingPaths, AbiTable.bits(RightKind.FS, alwaysHandled),
                grants.stream().map(names -> AbiTable.bits(RightKind.FS, names)).toList());
    }

    private static RightKind kindOf(String name) {
        for (RightKind kind : RightKind.values()) {
            if (AbiTable.right(kind, name).isPresent()) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no right named " + name);
    }

    public long known(RightKind kind) {
        return known.get(kind);
    }
}
