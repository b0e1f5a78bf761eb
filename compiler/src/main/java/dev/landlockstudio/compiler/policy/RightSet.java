package dev.landlockstudio.compiler.policy;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mask of one kind's bits together with the JSON pointer that asked for each bit, so that whatever
 * happens to a bit later can be reported at the place the user wrote it.
 */
public final class RightSet {

    private final RightKind kind;
    private final long mask;
    private final Map<Long, String> origins;

    private RightSet(RightKind kind, long mask, Map<Long, String> origins) {
        this.kind = kind;
        this.mask = mask;
        this.origins = origins;
    }

    public static RightSet empty(RightKind kind) {
        return new RightSet(kind, 0, Map.of());
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
        Map<Long, String> next = new LinkedHashMap<>(origins);
        for (AccessRight r : AbiTable.decode(kind, added)) {
            next.put(r.value(), pointer);
        }
        return new RightSet(kind, mask | added, Map.copyOf(next));
    }

    /** The bits of this set that are also in {@code keep}, with their origins. */
    public RightSet retain(long keep) {
        long kept = mask & keep;
        if (kept == mask) {
            return this;
        }
        Map<Long, String> next = new LinkedHashMap<>();
        origins.forEach((bit, pointer) -> {
            if ((bit & kept) != 0) {
                next.put(bit, pointer);
            }
        });
        return new RightSet(kind, kept, Map.copyOf(next));
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
        String pointer = origins.get(bit);
        if (pointer == null) {
            throw new IllegalArgumentException("bit 0x" + Long.toHexString(bit) + " is not in this set");
        }
        return pointer;
    }

    /** The rights among {@code bits}, grouped by the pointer that asked for them, in document order. */
    public Map<String, List<AccessRight>> byOrigin(long bits) {
        Map<String, List<AccessRight>> grouped = new TreeMap<>(RightSet::compareDocumentOrder);
        for (AccessRight r : AbiTable.decode(kind, mask & bits)) {
            grouped.computeIfAbsent(origin(r.value()), p -> new ArrayList<>()).add(r);
        }
        return grouped;
    }

    /** JSON pointers in document order: numeric segments compare as numbers. */
    private static int compareDocumentOrder(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]))
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    public List<AccessRight> rights() {
        return AbiTable.decode(kind, mask);
    }

    public List<String> names() {
        return AbiTable.names(kind, mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RightSet other && other.kind == kind && other.mask == mask && other.origins.equals(origins);
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
