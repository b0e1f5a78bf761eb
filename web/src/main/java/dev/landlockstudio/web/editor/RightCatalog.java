package dev.landlockstudio.web.editor;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.AccessGroup;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rights as the editor groups them, the way people think about access (read, write, create, remove, special),
 * each with the kernel's name and first ABI from the ABI table and a one-line meaning; and what each named group
 * ({@code abi.read_execute}, ...) stands for, so the editor can show the rights a group grants.
 */
public final class RightCatalog {

    /** One right as the editor shows it. */
    @JsonPropertyOrder({"name", "kind", "group", "kernelName", "firstAbi", "onFile", "meaning"})
    public record Entry(String name, String kind, String group, String kernelName, int firstAbi, boolean onFile, String meaning) {
    }

    private record Described(String name, String group, String meaning) {
    }

    private static final List<Described> MEANINGS = List.of(
            new Described("read_file", "read", "open a file for reading"),
            new Described("read_dir", "read", "list a directory"),
            new Described("execute", "read", "run a file (execve also needs read_file)"),
            new Described("write_file", "write", "open a file for writing"),
            new Described("truncate", "write", "shorten a file: truncate(2), O_TRUNC, creat(2) on an existing file"),
            new Described("make_reg", "create", "create a regular file"),
            new Described("make_dir", "create", "create a directory"),
            new Described("make_sym", "create", "create a symbolic link"),
            new Described("make_fifo", "create", "create a named pipe"),
            new Described("make_sock", "create", "create a UNIX socket file"),
            new Described("make_char", "create", "create a character device node"),
            new Described("make_block", "create", "create a block device node"),
            new Described("remove_file", "remove", "remove, rename or link away a file"),
            new Described("remove_dir", "remove", "remove or rename away a directory"),
            new Described("refer", "special", "move or link a file to another directory (rename(2), link(2))"),
            new Described("ioctl_dev", "special", "ioctl on a character or block device opened beneath"),
            new Described("resolve_unix", "special", "connect to a UNIX socket file whose server is outside the sandbox"),
            new Described("bind_tcp", "network", "bind a TCP socket to the port"),
            new Described("connect_tcp", "network", "connect a TCP socket to the port"),
            new Described("bind_udp", "network", "bind a UDP socket to the port"),
            new Described("connect_send_udp", "network", "connect a UDP socket to the port, or send to it"),
            new Described("abstract_unix_socket", "scope", "no connecting to abstract UNIX sockets outside the sandbox"),
            new Described("signal", "scope", "no signals to processes outside the sandbox"));

    public static final List<Entry> ENTRIES = MEANINGS.stream().map(RightCatalog::entry).toList();

    /**
     * Per group and kind of list, the rights it stands for at the newest ABI; at an older ABI it stands for those of
     * them that ABI has (their {@code firstAbi} is at most it), as {@link AccessGroup#expand} says.
     */
    public static final Map<String, Map<String, List<String>>> GROUPS = groups();

    private RightCatalog() {
    }

    private static Map<String, Map<String, List<String>>> groups() {
        Map<String, Map<String, List<String>>> groups = new LinkedHashMap<>();
        for (AccessGroup group : AccessGroup.values()) {
            Map<String, List<String>> byKind = new LinkedHashMap<>();
            Arrays.stream(RightKind.values()).filter(group::appliesTo).forEach(kind -> byKind.put(kind.name().toLowerCase(),
                    AbiTable.names(kind, group.expand(kind, AbiTable.newest()))));
            groups.put(group.groupName(), Collections.unmodifiableMap(byKind));
        }
        return Collections.unmodifiableMap(groups);
    }

    private static Entry entry(Described described) {
        AccessRight right = AbiTable.RIGHTS.stream()
                .filter(r -> r.kind() != RightKind.RESTRICT_FLAG && r.name().equals(described.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException(described.name() + " is not in the ABI table"));
        return new Entry(right.name(), right.kind().name().toLowerCase(), described.group(), right.kernelName(),
                right.firstAbi(), right.onFile(), described.meaning());
    }
}
