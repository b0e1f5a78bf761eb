package dev.landlockstudio.compiler.abi;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

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

    public static Optional<AccessGroup> named(String name) {
        return Arrays.stream(values()).filter(g -> g.name.equals(name)).findFirst();
    }

    /** The rights this group stands for in a list of {@code kind}, at ABI {@code abi}. */
    public long expand(RightKind kind, int abi) {
        long all = AbiTable.mask(kind, abi);
        long execute = AbiTable.right(RightKind.FS, "execute").orElseThrow().value();
        return switch (this) {
            case ALL -> all;
            case READ_EXECUTE -> all & (execute
                    | AbiTable.right(RightKind.FS, "read_file").orElseThrow().value()
                    | AbiTable.right(RightKind.FS, "read_dir").orElseThrow().value());
            case READ_WRITE -> all & ~execute;
        };
    }
}
