package dev.landlockstudio.compiler.formats.landrun;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.lowering.Vocabulary;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What landrun's command line (v0.1.17, go-landlock v0.9.0; landlock-facts.md §5.2) means: it handles every ABI 9 fs
 * right, both TCP rights and both scopes, each kind unless its --unrestricted-* flag is given; a path flag grants one
 * fixed set (a directory's set has the read_dir, remove, make and refer rights; on a file only the file rights apply);
 * it asks go-landlock for ABI 9 and refuses an older kernel unless --best-effort; a missing path fails unless
 * --ignore-missing, for every path at once.
 */
public final class LandrunSets {

    public static final String COMMAND = "landrun";
    public static final String BEST_EFFORT = "--best-effort";
    public static final String IGNORE_MISSING = "--ignore-missing";
    public static final String BIND_TCP = "--bind-tcp";
    public static final String CONNECT_TCP = "--connect-tcp";
    public static final String UNIX = "--unix";

    /** The ABI landrun's strict mode asks for (go-landlock's V9). */
    public static final int STRICT_ABI = 9;

    private static final List<String> DIRECTORY = List.of("read_dir", "remove_dir", "remove_file", "make_char",
            "make_dir", "make_reg", "make_sock", "make_fifo", "make_block", "make_sym", "refer");

    /** Each path flag and the rights it grants on a directory, in the order the emitter prefers them (widest first). */
    public static final Map<String, List<String>> GRANTS = grants();

    /** Each kind's --unrestricted-* flag, which leaves the kind unhandled. */
    public static final Map<RightKind, String> UNRESTRICTED = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            RightKind.FS, "--unrestricted-filesystem", RightKind.NET, "--unrestricted-network",
            RightKind.SCOPE, "--unrestricted-scoped")));

    /** The log flags and the restrict-self flags they set. */
    public static final Map<String, String> LOG_FLAGS = logFlags();

    private LandrunSets() {
    }

    private static Map<String, String> logFlags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--log-disable-originating", "log_same_exec_off");
        flags.put("--log-enable-subprocesses", "log_new_exec_on");
        flags.put("--log-disable-subdomains", "log_subdomains_off");
        return Collections.unmodifiableMap(flags);
    }

    private static Map<String, List<String>> grants() {
        Map<String, List<String>> grants = new LinkedHashMap<>();
        List<String> readWrite = Stream.concat(Stream.of("read_file", "write_file", "truncate", "ioctl_dev"), DIRECTORY.stream()).toList();
        grants.put("--rwx", Stream.concat(Stream.of("execute"), readWrite.stream()).toList());
        grants.put("--rw", readWrite);
        grants.put("--rox", List.of("execute", "read_file", "read_dir"));
        grants.put("--ro", List.of("read_file", "read_dir"));
        grants.put(UNIX, List.of("resolve_unix"));
        return Collections.unmodifiableMap(grants);
    }

    /** Every right landrun can handle: the ABI 9 fs rights, TCP, scopes, and the three log flags. */
    public static Vocabulary vocabulary() {
        List<String> names = Stream.of(AbiTable.names(RightKind.FS, AbiTable.mask(RightKind.FS, STRICT_ABI)),
                List.of("bind_tcp", "connect_tcp", "abstract_unix_socket", "signal"), List.copyOf(LOG_FLAGS.values()))
                .flatMap(List::stream).toList();
        return Vocabulary.of(COMMAND, names, null).withWholeKinds(List.copyOf(GRANTS.values()), STRICT_ABI);
    }
}
