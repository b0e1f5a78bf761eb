package dev.landlockstudio.compiler.abi;

import static dev.landlockstudio.compiler.abi.RightKind.FS;
import static dev.landlockstudio.compiler.abi.RightKind.NET;
import static dev.landlockstudio.compiler.abi.RightKind.RESTRICT_FLAG;
import static dev.landlockstudio.compiler.abi.RightKind.SCOPE;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of what each Landlock ABI version knows. Every part of the compiler reads it; adding an
 * ABI version is a change to these two lists and nothing else.
 */
public final class AbiTable {

    /** Every bit, in kernel order within each kind. */
    public static final List<AccessRight> RIGHTS = List.of(
            new AccessRight(FS, "execute", "LANDLOCK_ACCESS_FS_EXECUTE", 1L << 0, 1, true),
            new AccessRight(FS, "write_file", "LANDLOCK_ACCESS_FS_WRITE_FILE", 1L << 1, 1, true),
            new AccessRight(FS, "read_file", "LANDLOCK_ACCESS_FS_READ_FILE", 1L << 2, 1, true),
            new AccessRight(FS, "read_dir", "LANDLOCK_ACCESS_FS_READ_DIR", 1L << 3, 1, false),
            new AccessRight(FS, "remove_dir", "LANDLOCK_ACCESS_FS_REMOVE_DIR", 1L << 4, 1, false),
            new AccessRight(FS, "remove_file", "LANDLOCK_ACCESS_FS_REMOVE_FILE", 1L << 5, 1, false),
            new AccessRight(FS, "make_char", "LANDLOCK_ACCESS_FS_MAKE_CHAR", 1L << 6, 1, false),
            new AccessRight(FS, "make_dir", "LANDLOCK_ACCESS_FS_MAKE_DIR", 1L << 7, 1, false),
            new AccessRight(FS, "make_reg", "LANDLOCK_ACCESS_FS_MAKE_REG", 1L << 8, 1, false),
            new AccessRight(FS, "make_sock", "LANDLOCK_ACCESS_FS_MAKE_SOCK", 1L << 9, 1, false),
            new AccessRight(FS, "make_fifo", "LANDLOCK_ACCESS_FS_MAKE_FIFO", 1L << 10, 1, false),
            new AccessRight(FS, "make_block", "LANDLOCK_ACCESS_FS_MAKE_BLOCK", 1L << 11, 1, false),
            new AccessRight(FS, "make_sym", "LANDLOCK_ACCESS_FS_MAKE_SYM", 1L << 12, 1, false),
            new AccessRight(FS, "refer", "LANDLOCK_ACCESS_FS_REFER", 1L << 13, 2, false),
            new AccessRight(FS, "truncate", "LANDLOCK_ACCESS_FS_TRUNCATE", 1L << 14, 3, true),
            new AccessRight(FS, "ioctl_dev", "LANDLOCK_ACCESS_FS_IOCTL_DEV", 1L << 15, 5, true),
            new AccessRight(FS, "resolve_unix", "LANDLOCK_ACCESS_FS_RESOLVE_UNIX", 1L << 16, 9, true),

            new AccessRight(NET, "bind_tcp", "LANDLOCK_ACCESS_NET_BIND_TCP", 1L << 0, 4, false),
            new AccessRight(NET, "connect_tcp", "LANDLOCK_ACCESS_NET_CONNECT_TCP", 1L << 1, 4, false),
            new AccessRight(NET, "bind_udp", "LANDLOCK_ACCESS_NET_BIND_UDP", 1L << 2, 10, false),
            new AccessRight(NET, "connect_send_udp", "LANDLOCK_ACCESS_NET_CONNECT_SEND_UDP", 1L << 3, 10, false),

            new AccessRight(SCOPE, "abstract_unix_socket", "LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET", 1L << 0, 6, false),
            new AccessRight(SCOPE, "signal", "LANDLOCK_SCOPE_SIGNAL", 1L << 1, 6, false),

            new AccessRight(RESTRICT_FLAG, "log_same_exec_off", "LANDLOCK_RESTRICT_SELF_LOG_SAME_EXEC_OFF", 1L << 0, 7, false),
            new AccessRight(RESTRICT_FLAG, "log_new_exec_on", "LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON", 1L << 1, 7, false),
            new AccessRight(RESTRICT_FLAG, "log_subdomains_off", "LANDLOCK_RESTRICT_SELF_LOG_SUBDOMAINS_OFF", 1L << 2, 7, false),
            new AccessRight(RESTRICT_FLAG, "tsync", "LANDLOCK_RESTRICT_SELF_TSYNC", 1L << 3, 8, false),
            new AccessRight(RESTRICT_FLAG, "no_new_privs", "LANDLOCK_RESTRICT_SELF_NO_NEW_PRIVS", 1L << 4, 11, false));

    /** Every ABI version, oldest first. */
    public static final List<AbiVersion> VERSIONS = List.of(
            new AbiVersion(1, "5.13", 8, false),
            new AbiVersion(2, "5.19", 8, false),
            new AbiVersion(3, "6.2", 8, false),
            new AbiVersion(4, "6.7", 16, false),
            new AbiVersion(5, "6.10", 16, false),
            new AbiVersion(6, "6.12", 24, false),
            new AbiVersion(7, "6.15", 24, false),
            new AbiVersion(8, "7.0", 24, false),
            new AbiVersion(9, "7.1", 24, false),
            new AbiVersion(10, "7.2", 48, true),
            new AbiVersion(11, "7.3", 48, true));

    /** The {@code landlock_ruleset_attr} sizes, each the end of one more group of fields. */
    public static final int ATTR_SIZE_FS = 8;
    public static final int ATTR_SIZE_NET = 16;
    public static final int ATTR_SIZE_SCOPED = 24;
    public static final int ATTR_SIZE_QUIET = 48;

    /** Indexes over the two lists, built once: lookups sit on the compile path. */
    private static final Map<RightKind, List<AccessRight>> BY_KIND = new EnumMap<>(RightKind.class);
    private static final Map<RightKind, Map<String, AccessRight>> BY_NAME = new EnumMap<>(RightKind.class);
    private static final Map<RightKind, long[]> MASKS = new EnumMap<>(RightKind.class);
    private static final long FILE_RIGHTS;

    static {
        long fileRights = 0;
        for (RightKind kind : RightKind.values()) {
            List<AccessRight> ofKind = RIGHTS.stream().filter(r -> r.kind() == kind).toList();
            BY_KIND.put(kind, ofKind);
            Map<String, AccessRight> byName = new HashMap<>();
            ofKind.forEach(r -> byName.put(r.name(), r));
            BY_NAME.put(kind, Map.copyOf(byName));
            long[] masks = new long[VERSIONS.size() + 1];
            for (AbiVersion v : VERSIONS) {
                for (AccessRight r : ofKind) {
                    masks[v.number()] |= r.firstAbi() <= v.number() ? r.value() : 0;
                }
            }
            MASKS.put(kind, masks);
        }
        for (AccessRight r : BY_KIND.get(FS)) {
            fileRights |= r.onFile() ? r.value() : 0;
        }
        FILE_RIGHTS = fileRights;
    }

    private AbiTable() {
    }

    public static int oldest() {
        return VERSIONS.get(0).number();
    }

    public static int newest() {
        return VERSIONS.get(VERSIONS.size() - 1).number();
    }

    public static boolean isKnown(int abi) {
        return abi >= oldest() && abi <= newest();
    }

    public static AbiVersion version(int abi) {
        if (!isKnown(abi)) {
            throw new IllegalArgumentException("unknown Landlock ABI " + abi + "; known: " + oldest() + "-" + newest());
        }
        return VERSIONS.get(abi - oldest());
    }

    public static List<AccessRight> rights(RightKind kind) {
        return BY_KIND.get(kind);
    }

    public static Optional<AccessRight> right(RightKind kind, String name) {
        return Optional.ofNullable(BY_NAME.get(kind).get(name));
    }

    /** Every bit of a kind that ABI {@code abi} knows. */
    public static long mask(RightKind kind, int abi) {
        version(abi);
        return MASKS.get(kind)[abi];
    }

    /** The fs rights a rule on a non-directory may carry; the kernel's {@code ACCESS_FILE}. */
    public static long fileRights() {
        return FILE_RIGHTS;
    }

    /** The bits of rights named by their policy names, each a right of {@code kind}. */
    public static long bits(RightKind kind, List<String> names) {
        return names.stream().mapToLong(n -> right(kind, n).orElseThrow().value()).reduce(0, (a, b) -> a | b);
    }

    /** The rights of a mask, in table order. */
    public static List<AccessRight> decode(RightKind kind, long mask) {
        List<AccessRight> rights = new ArrayList<>(Long.bitCount(mask));
        for (AccessRight r : BY_KIND.get(kind)) {
            if ((mask & r.value()) != 0) {
                rights.add(r);
            }
        }
        return rights;
    }

    public static List<String> names(RightKind kind, long mask) {
        List<String> names = new ArrayList<>(Long.bitCount(mask));
        for (AccessRight r : BY_KIND.get(kind)) {
            if ((mask & r.value()) != 0) {
                names.add(r.name());
            }
        }
        return names;
    }

    /** The first ABI version with quiet_* fields and the quiet rule flag. */
    public static int quietFirstAbi() {
        return VERSIONS.stream().filter(AbiVersion::quiet).findFirst().orElseThrow().number();
    }
}
