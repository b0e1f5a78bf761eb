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
 */
public record Vocabulary(String format, Map<RightKind, Long> known, boolean quiet, IfMissing missingPaths) {

    /** Everything the kernel knows; rules choose their own missing-path behaviour. */
    public static Vocabulary kernel(String format) {
        Map<RightKind, Long> known = new EnumMap<>(RightKind.class);
        for (RightKind kind : RightKind.values()) {
            known.put(kind, AbiTable.mask(kind, AbiTable.newest()));
        }
        return new Vocabulary(format, Map.copyOf(known), true, null);
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
        return new Vocabulary(format, Map.copyOf(known), false, missingPaths);
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
