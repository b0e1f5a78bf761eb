package dev.landlockstudio.compiler.evaluator;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The accesses the evaluator decides, with the rights the kernel checks for each and where it checks them
 * (landlock-facts.md §1.2-1.4, §2).
 */
public enum Operation {
    /** execve(2): the binary is opened for reading and execution. */
    EXECUTE(Target.PATH, "execute", "read_file"),
    READ_FILE(Target.PATH, "read_file"),
    WRITE_FILE(Target.PATH, "write_file"),
    READ_DIR(Target.PATH, "read_dir"),
    /** truncate(2) and ftruncate(2) (§2.3). */
    TRUNCATE(Target.PATH, "truncate"),
    /** open(O_WRONLY | O_TRUNC) on an existing file (§2.3). */
    OPEN_TRUNC(Target.PATH, "write_file", "truncate"),
    /** creat(2): truncates an existing file, creates a regular file otherwise (§2.3). */
    CREAT(Target.PATH, "write_file", "truncate"),
    /**
     * open(2) for reading (or for writing when reading is denied), then ioctl(2): restricted on character and block
     * devices (§2.4), not on other files; the rights are bound to the file at open (§2.5).
     */
    IOCTL_DEV(Target.PATH, "ioctl_dev"),
    /** connect(2) to a pathname UNIX socket whose server is outside the domain (§2.17). */
    RESOLVE_UNIX(Target.PATH, "resolve_unix"),
    REMOVE_FILE(Target.PARENT, "remove_file"),
    REMOVE_DIR(Target.PARENT, "remove_dir"),
    MAKE_CHAR(Target.PARENT, "make_char"),
    MAKE_DIR(Target.PARENT, "make_dir"),
    MAKE_REG(Target.PARENT, "make_reg"),
    MAKE_SOCK(Target.PARENT, "make_sock"),
    MAKE_FIFO(Target.PARENT, "make_fifo"),
    MAKE_BLOCK(Target.PARENT, "make_block"),
    MAKE_SYM(Target.PARENT, "make_sym"),
    /** rename(2) from a path to another (§2.2). */
    RENAME(Target.TWO_PATHS),
    /** link(2) from a path to another (§2.2). */
    LINK(Target.TWO_PATHS),
    BIND_TCP(Target.PORT, "bind_tcp"),
    CONNECT_TCP(Target.PORT, "connect_tcp"),
    BIND_UDP(Target.PORT, "bind_udp"),
    CONNECT_SEND_UDP(Target.PORT, "connect_send_udp"),
    /** kill(2) to a process outside the domain (§2.15). */
    SIGNAL(Target.SCOPE, "signal"),
    /** connect(2) to an abstract UNIX socket outside the domain (§2.15). */
    ABSTRACT_UNIX_SOCKET(Target.SCOPE, "abstract_unix_socket");

    /** What an operation names. */
    public enum Target { PATH, PARENT, TWO_PATHS, PORT, SCOPE }

    private final Target target;
    private final List<String> rights;
    /** Kept: probes name their operation thousands of times. */
    private final String documentName;

    Operation(Target target, String... rights) {
        this.target = target;
        this.rights = List.of(rights);
        this.documentName = name().toLowerCase();
    }

    @JsonValue
    public String documentName() {
        return documentName;
    }

    public Target target() {
        return target;
    }

    /** The kind of the bits {@link #rights()} names. */
    public RightKind kind() {
        return switch (target) {
            case PORT -> RightKind.NET;
            case SCOPE -> RightKind.SCOPE;
            default -> RightKind.FS;
        };
    }

    /** The rights checked, as a mask of {@link #kind()}; rename and link are decided by their own rules. */
    public long rights() {
        long mask = 0;
        for (String right : rights) {
            mask |= AbiTable.right(kind(), right).orElseThrow().value();
        }
        return mask;
    }

    public static Optional<Operation> named(String name) {
        return Arrays.stream(values()).filter(o -> o.documentName().equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Operation::documentName).toList();
    }
}
