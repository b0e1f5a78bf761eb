package dev.landlockstudio.compiler.lowering;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.policy.IfMissing;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
 * @param handledWhole per kind, the rights the consumer handles all together or not at all: once the policy handles
 *                     any right of that kind (that the ABI has), all of them; empty for a consumer that handles any set
 * @param strictAbi the ABI the consumer asks the kernel for when not told to be best effort, refusing to run on an
 *                  older one; 0 when it asks for no more than the ruleset needs
 * @param oneIfMissing whether the consumer has one missing-path behaviour for every rule, chosen by the output
 * @param referOrNothing whether a rule asking for refer on a kernel without it makes the consumer apply nothing at all
 *                       (go-landlock's best-effort downgrade), rather than leave refer out
 * @param alwaysStrict whether the consumer has no best-effort mode: it asks for {@code strictAbi} whatever the policy's
 *                     compatibility
 */
public record Vocabulary(String format, Map<RightKind, Long> known, boolean quiet, IfMissing missingPaths,
                         long alwaysHandledFs, List<Long> fsGrants, Map<RightKind, Long> handledWhole, int strictAbi,
                         boolean oneIfMissing, boolean referOrNothing, boolean alwaysStrict) {

    /** Everything the kernel knows; rules choose their own missing-path behaviour. */
    public static Vocabulary kernel(String format) {
        Map<RightKind, Long> known = new EnumMap<>(RightKind.class);
        for (RightKind kind : RightKind.values()) {
            known.put(kind, AbiTable.mask(kind, AbiTable.newest()));
        }
        return new Vocabulary(format, Map.copyOf(known), true, null, 0, List.of(), Map.of(), 0, false, false, false);
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
        return new Vocabulary(format, Map.copyOf(known), false, missingPaths, 0, List.of(), Map.of(), 0, false, false, false);
    }

    /** This vocabulary for a consumer that always handles {@code alwaysHandled} and grants only whole {@code grants}. */
    public Vocabulary withFixedFs(List<String> alwaysHandled, List<List<String>> grants) {
        return new Vocabulary(format, known, quiet, missingPaths, AbiTable.bits(RightKind.FS, alwaysHandled),
                grants(grants), handledWhole, strictAbi, oneIfMissing, referOrNothing, alwaysStrict);
    }

    /** This vocabulary for a consumer with no best-effort mode, which always asks the kernel for {@code abi}. */
    public Vocabulary withAlwaysStrictAbi(int abi) {
        return new Vocabulary(format, known, quiet, missingPaths, alwaysHandledFs, fsGrants, handledWhole, abi,
                oneIfMissing, referOrNothing, true);
    }

    /**
     * This vocabulary for a go-landlock consumer that handles each kind whole or not at all (every right it knows of
     * the kind), grants only whole fs {@code grants}, asks the kernel for {@code strictAbi} unless best effort, has one
     * missing-path behaviour for all rules, and applies nothing where a rule's refer cannot be had.
     */
    public Vocabulary withWholeKinds(List<List<String>> grants, int strictAbi) {
        return new Vocabulary(format, known, quiet, missingPaths, alwaysHandledFs, grants(grants), known.entrySet().stream()
                .filter(e -> e.getKey() != RightKind.RESTRICT_FLAG && e.getValue() != 0)
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)), strictAbi, true, true, false);
    }

    private static List<Long> grants(List<List<String>> grants) {
        return grants.stream().map(names -> AbiTable.bits(RightKind.FS, names)).toList();
    }

    /** The rights of {@code kind} handled together once any of them is, or 0. */
    public long handledWhole(RightKind kind) {
        return handledWhole.getOrDefault(kind, 0L);
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
