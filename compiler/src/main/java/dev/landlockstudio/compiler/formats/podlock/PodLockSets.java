package dev.landlockstudio.compiler.formats.podlock;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.lowering.Vocabulary;
import dev.landlockstudio.compiler.policy.IfMissing;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What PodLock's LandlockProfile means (podlock.kubewarden.io/v1alpha1; SOURCES.md beside the podlock test files): for
 * each container and binary, four lists of paths, each granting one fixed set (a directory gets the set, a file only its
 * file rights); PodLock's seal applies them with go-landlock's V3 and no best-effort mode, so it handles every ABI 3
 * filesystem right, no network right and no scope, and refuses to start the binary on an older kernel; a path it cannot
 * stat is skipped.
 */
public final class PodLockSets {

    public static final String API_VERSION = "podlock.kubewarden.io/v1alpha1";
    public static final String KIND = "LandlockProfile";
    public static final String FORMAT = "podlock";

    /** The ABI of go-landlock's V3, which seal applies. */
    public static final int ABI = 3;

    /** Where PodLock moves a binary it confines; seal grants that copy execute and read_file. */
    public static final String SWAPPED_BINARIES = "/.podlock/swapped-binaries";

    private static final List<String> READ = List.of("read_file", "read_dir");
    private static final List<String> WRITE = List.of("write_file", "truncate", "remove_dir", "remove_file", "make_char",
            "make_dir", "make_reg", "make_sock", "make_fifo", "make_block", "make_sym", "refer");

    /** Each list of a binary's profile and the rights it grants on a directory, in the order of PodLock's Profile. */
    public static final Map<String, List<String>> GRANTS = grants();

    private PodLockSets() {
    }

    private static Map<String, List<String>> grants() {
        Map<String, List<String>> grants = new LinkedHashMap<>();
        grants.put("readOnly", READ);
        grants.put("readWrite", Stream.concat(READ.stream(), WRITE.stream()).toList());
        grants.put("readExec", Stream.concat(Stream.of("execute"), READ.stream()).toList());
        grants.put("readWriteExec", Stream.of(List.of("execute"), READ, WRITE).flatMap(List::stream).toList());
        return Collections.unmodifiableMap(grants);
    }

    /** The rights V3 handles: every filesystem right of ABI 3. */
    public static List<String> handled() {
        return AbiTable.names(RightKind.FS, AbiTable.mask(RightKind.FS, ABI));
    }

    /**
     * Why PodLock's admission webhook refuses {@code path} (as a binary or in a list), or null: it must be absolute and
     * clean, as Go's filepath.Clean leaves it (no empty, . or .. component, no trailing slash).
     */
    public static String pathProblem(String path) {
        if (!path.startsWith("/")) {
            return "path must be absolute";
        }
        if (!path.equals("/") && (path.endsWith("/") || Stream.of(path.substring(1).split("/", -1))
                .anyMatch(part -> part.isEmpty() || part.equals(".") || part.equals("..")))) {
            return "path contains traversals or is not clean";
        }
        return null;
    }

    public static Vocabulary vocabulary() {
        return Vocabulary.of(FORMAT, handled(), IfMissing.SKIP).withFixedFs(handled(), List.copyOf(GRANTS.values()))
                .withAlwaysStrictAbi(ABI);
    }
}
