package dev.landlockstudio.compiler.formats.sandboxer;

import dev.landlockstudio.compiler.lowering.Vocabulary;
import dev.landlockstudio.compiler.policy.IfMissing;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the kernel's samples/landlock/sandboxer.c (LANDLOCK_ABI_LAST 6) reads and does (landlock-facts.md §5.3): it
 * handles ACCESS_FS_ROUGHLY_READ and _WRITE on every run, cut to the running kernel's ABI (always best effort), grants
 * LL_FS_RO paths the read set and LL_FS_RW paths both sets, handles a TCP right only when its variable is set (an
 * empty value: no port allowed), and skips a path it cannot open.
 */
public final class SandboxerSets {

    public static final String FS_RO = "LL_FS_RO";
    public static final String FS_RW = "LL_FS_RW";
    public static final String TCP_BIND = "LL_TCP_BIND";
    public static final String TCP_CONNECT = "LL_TCP_CONNECT";
    public static final String SCOPED = "LL_SCOPED";
    /** The variables in the order the emitter writes them. */
    public static final List<String> VARIABLES = List.of(FS_RO, FS_RW, TCP_BIND, TCP_CONNECT, SCOPED);

    /** ACCESS_FS_ROUGHLY_READ. */
    public static final List<String> READ = List.of("execute", "read_file", "read_dir");
    /** ACCESS_FS_ROUGHLY_WRITE. */
    public static final List<String> WRITE = List.of("write_file", "remove_dir", "remove_file", "make_char", "make_dir",
            "make_reg", "make_sock", "make_fifo", "make_block", "make_sym", "refer", "truncate", "ioctl_dev");
    public static final List<String> READ_WRITE = Stream.concat(READ.stream(), WRITE.stream()).toList();

    /** LL_SCOPED's letters, in the kernel's order of the scopes. */
    public static final List<String> SCOPE_LETTERS = List.of("a", "s");
    public static final List<String> SCOPES = List.of("abstract_unix_socket", "signal");

    private SandboxerSets() {
    }

    public static Vocabulary vocabulary() {
        List<String> names = Stream.of(READ_WRITE, List.of("bind_tcp", "connect_tcp"), SCOPES).flatMap(List::stream).toList();
        return Vocabulary.of("sandboxer", names, IfMissing.SKIP).withFixedFs(READ_WRITE, List.of(READ, READ_WRITE));
    }
}
