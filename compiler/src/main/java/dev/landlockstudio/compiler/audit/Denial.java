package dev.landlockstudio.compiler.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import java.util.List;

/**
 * One AUDIT_LANDLOCK_ACCESS record: a domain denied some rights of one kind on one object.
 *
 * @param line   the record's line number in the input, from 1
 * @param kind   the kind of the blocked rights
 * @param rights the blocked rights, by the policy's names
 * @param path   for filesystem rights, the path the kernel checked: the file itself, or the directory an entry is
 *               created in, removed from or moved across (make_*, remove_*, refer); else null
 * @param port   for network rights, the port; else null
 * @param peer   for scopes, the other end: a process ("pid 1 (systemd)") or an abstract socket ("@name"); else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"line", "domain", "kind", "rights", "path", "port", "peer"})
public record Denial(int line, String domain, @JsonIgnore RightKind kind, List<String> rights, String path, Integer port,
                     String peer) {

    /** The denial as its group knows it: denials equal without their lines are of one domain, rights and object. */
    public Denial withoutLine() {
        return new Denial(0, domain, kind, rights, path, port, peer);
    }

    /** The kind as the kernel's blockers prefix it: fs, net or scope. */
    @JsonProperty("kind")
    public String kindName() {
        return Blockers.prefix(kind);
    }

    /** The blocked rights as a mask of their kind. */
    long mask() {
        long mask = 0;
        for (String right : rights) {
            mask |= AbiTable.right(kind, right).orElseThrow().value();
        }
        return mask;
    }

    /** What was denied, in words: "read_file on /root/.bashrc". */
    public String access() {
        return access(rights, path, port, peer);
    }

    static String access(List<String> rights, String path, Integer port, String peer) {
        return String.join(", ", rights) + " " + (path != null ? "on " + path : port != null ? "on port " + port : "to " + peer);
    }
}
