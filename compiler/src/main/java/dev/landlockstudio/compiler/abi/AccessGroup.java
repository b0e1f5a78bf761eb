package dev.landlockstudio.compiler.abi;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The policy's named groups of rights, expanded against the policy's own {@code abi}. The names are
 * landlockconfig's; {@code abi.read_execute} differs from landlockconfig's in that it never grants refer.
 */
public enum AccessGroup {
    /** Every right of the list's kind that the ABI knows. */
    ALL("abi.all", EnumSet.of(RightKind.FS, RightKind.NET, RightKind.SCOPE)),
    /** execute, read_file and read_dir. */
    READ_EXECUTE("abi.read_execute", EnumSet.of(RightKind.FS)),
    /** Every fs right the ABI knows except execute. */
    READ_WRITE("abi.read_write", EnumSet.of(RightKind.FS));

    private final String name;
    private final Set<RightKind> kinds;

    AccessGroup(String name, Set<RightKind> kinds) {
        this.name = name;
        this.kinds = kinds;
    }

    public String groupName() {
        return name;
    }

    public boolean appliesTo(RightKind kind) {
        return kinds.contains(kind);
    }

    private static final Map<String, AccessGroup> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(AccessGroup::groupName, g -> g));

    public static Optional<AccessGroup> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static final long EXECUTE = AbiTable.right(RightKind.FS, "execute").orElseThrow().value();
    private static final long READ = AbiTable.right(RightKind.FS, "read_file").orElseThrow().value()
            | AbiTable.right(RightKind.FS, "read_dir").orElseThrow().value();

    /** The rights this group stands for in a list of {@code kind}, at ABI {@code abi}. */
    public long expand(RightKind kind, int abi) {
        long all = AbiTable.mask(kind, abi);
        return switch (this) {
            case ALL -> all;
            case READ_EXECUTE -> all & (EXECUTE | READ);
            case READ_WRITE -> all & ~EXECUTE;
        };
    }
}
