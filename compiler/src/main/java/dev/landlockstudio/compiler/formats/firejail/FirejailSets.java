package dev.landlockstudio.compiler.formats.firejail;

import dev.landlockstudio.compiler.lowering.Vocabulary;
import dev.landlockstudio.compiler.policy.IfMissing;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Firejail's landlock.* profile lines mean (src/firejail/landlock.c; landlock-facts.md §5.4): the ruleset handles
 * the thirteen ABI 1 filesystem rights on every kernel and nothing else, each landlock.fs.KIND line grants one fixed
 * set beneath a path, a path that cannot be opened is skipped, and nothing applies without landlock.enforce.
 */
public final class FirejailSets {

    public static final String ENFORCE = "landlock.enforce";
    public static final String FS_PREFIX = "landlock.fs.";

    /** Each line kind and the rights it grants, in the order the emitter writes them. */
    public static final Map<String, List<String>> GRANTS = grants();

    public static final List<String> HANDLED = List.of("execute", "write_file", "read_file", "read_dir", "remove_dir",
            "remove_file", "make_char", "make_dir", "make_reg", "make_sock", "make_fifo", "make_block", "make_sym");

    private FirejailSets() {
    }

    private static Map<String, List<String>> grants() {
        Map<String, List<String>> grants = new LinkedHashMap<>();
        grants.put("read", List.of("read_file", "read_dir"));
        grants.put("write", List.of("write_file", "remove_dir", "remove_file", "make_dir", "make_reg", "make_sym"));
        grants.put("makeipc", List.of("make_sock", "make_fifo"));
        grants.put("makedev", List.of("make_char", "make_block"));
        grants.put("execute", List.of("execute"));
        return Collections.unmodifiableMap(grants);
    }

    public static Vocabulary vocabulary() {
        return Vocabulary.of("firejail", HANDLED, IfMissing.SKIP).withFixedFs(HANDLED, List.copyOf(GRANTS.values()));
    }
}
