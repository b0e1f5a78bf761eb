package dev.landlockstudio.compiler.audit;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel's names in a record's {@code blockers} field ({@code fs.read_file}, {@code net.connect_tcp},
 * {@code scope.signal}) read as the ABI table's rights: the prefix names the kind, the rest is the table's name.
 */
final class Blockers {

    /** The one table of prefixes (admin-guide/LSM/landlock, "Record types"). */
    private static final Map<String, RightKind> PREFIXES = Map.of("fs", RightKind.FS, "net", RightKind.NET,
            "scope", RightKind.SCOPE);

    private Blockers() {
    }

    /** The prefix of a kind's blockers: "fs", "net" or "scope". */
    static String prefix(RightKind kind) {
        return PREFIXES.entrySet().stream().filter(e -> e.getValue() == kind).findFirst().orElseThrow().getKey();
    }

    /** The right a blocker names; empty for blockers no policy right stands for (ptrace, fs.change_topology). */
    static Optional<AccessRight> right(String blocker) {
        int dot = blocker.indexOf('.');
        RightKind kind = dot < 0 ? null : PREFIXES.get(blocker.substring(0, dot));
        return kind == null ? Optional.empty() : AbiTable.right(kind, blocker.substring(dot + 1));
    }
}
