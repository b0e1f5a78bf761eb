package dev.landlockstudio.compiler.policy;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mask of one kind's bits together with the JSON pointer that asked for each bit, so that whatever
 * happens to a bit later can be reported at the place the user wrote it.
 */
public final class RightSet {

    private static final String[] NO_ORIGINS = new String[0];

    private final RightKind kind;
    private final long mask;
    /** origins[i] is where bit i was asked for; the array is as long as the highest bit needs. */
    private final String[] origins;

    private RightSet(RightKind kind, long mask, String[] origins) {
        this.kind = kind;
        this.mask = mask;
        this.origins = origins;
    }

    public static RightSet empty(RightKind kind) {
        return new RightSet(kind, 0, NO_ORIGINS);
    }

    /** Every bit of {@code mask}, all asked for at {@code pointer}. */
    public static RightSet of(RightKind kind, long mask, String pointer) {
        return empty(kind).with(mask, pointer);
    }

    /** This set plus the bits of {@code bits} it lacks, those attributed to {@code pointer}. */
    public RightSet with(long bits, String pointer) {
        long added = bits & ~mask;
        if (added == 0) {
            return this;
        }
        long all = mask | added;
        String[] next = Arrays.copyOf(origins, 64 - Long.numberOfLeadingZeros(all));
        for (long rest = added; rest != 0; rest &= rest - 1) {
            next[Long.numberOfTrailingZeros(rest)] = pointer;
        }
        return new RightSet(kind, all, next);
    }

    /** The bits of this set that are also in {@code bits}, each still attributed to where it was asked for. */
    public RightSet only(long bits) {
        RightSet kept = empty(kind);
        for (long rest = mask & bits; rest != 0; rest &= rest - 1) {
            long bit = Long.lowestOneBit(rest);
            kept = kept.with(bit, origin(bit));
        }
        return kept;
    }

    public RightKind kind() {
        return kind;
    }

    public long mask() {
        return mask;
    }

    public boolean isEmpty() {
        return mask == 0;
    }

    /** Where the bit {@code bit} was asked for. */
    public String origin(long bit) {
        if ((mask & bit) == 0 || Long.bitCount(bit) != 1) {
            throw new IllegalArgumentException("0x" + Long.toHexString(bit) + " is not one bit of this set");
        }
        return origins[Long.numberOfTrailingZeros(bit)];
    }

    /** The rights among {@code bits}, grouped by the pointer that asked for them, in document order. */
    public Map<String, List<AccessRight>> byOrigin(long bits) {
        if ((mask & bits) == 0) {
            return Map.of();
        }
        Map<String, List<AccessRight>> grouped = new TreeMap<>(RightSet::compareDocumentOrder);
        for (AccessRight r : AbiTable.decode(kind, mask & bits)) {
            grouped.computeIfAbsent(origin(r.value()), p -> new ArrayList<>()).add(r);
        }
        return grouped;
    }

    /** JSON pointers in document order: numeric segments compare as numbers. */
    private static int compareDocumentOrder(String a, String b) {
        if (a.equals(b)) {
            // Most bits of a set share one origin: no need to split it.
            return 0;
        }
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = isIndex(x[i]) && isIndex(y[i])
                    ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static boolean isIndex(String segment) {
        return !segment.isEmpty() && segment.length() < 18 && segment.chars().allMatch(Character::isDigit);
    }

    public List<AccessRight> rights() {
        return AbiTable.decode(kind, mask);
    }

    public List<String> names() {
        return AbiTable.names(kind, mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RightSet other && other.kind == kind && other.mask == mask
                && Arrays.equals(trimmed(other.origins), trimmed(origins));
    }

    private static String[] trimmed(String[] origins) {
        int length = origins.length;
        while (length > 0 && origins[length - 1] == null) {
            length--;
        }
        return Arrays.copyOf(origins, length);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(mask) * 31 + kind.hashCode();
    }

    @Override
    public String toString() {
        return kind + names().toString();
    }
}
