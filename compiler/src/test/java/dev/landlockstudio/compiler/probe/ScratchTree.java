package dev.landlockstudio.compiler.probe;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A small directory tree where every access may be tried, destructive ones too, and random policies and accesses
 * over it: what differential tests compare between the evaluator and the kernel.
 */
public final class ScratchTree {

    public static final List<String> DIRS = List.of("a", "a/sub", "a/empty", "b", "b/sub", "c", "c/empty");
    public static final List<String> FILES = List.of("a/f", "a/sub/f", "b/f", "b/sub/f", "c/f");
    /**
     * An empty executable file, for execute: the kernel opens it for execution (where Landlock decides), then finds no
     * format and fails with ENOEXEC, so nothing runs (a shell then reads it as an empty script).
     */
    public static final String EXECUTABLE = "exe";
    private static final List<String> RULE_PLACES = List.of("", "a", "a/sub", "b", "b/sub", "c", "a/f", "b/f", EXECUTABLE);

    private final Path root;

    public ScratchTree(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public String path(String relative) {
        return relative.isEmpty() ? root.toString() : root.resolve(relative).toString();
    }

    /** Removes whatever an access changed and lays the tree out anew. */
    public void reset() throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (String dir : DIRS) {
            Files.createDirectories(root.resolve(dir));
        }
        for (String file : FILES) {
            Files.writeString(root.resolve(file), "content of " + file + "\n");
        }
        Files.createFile(root.resolve(EXECUTABLE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /** What the tree is, for the evaluator; callers add what else their sandbox touches. */
    public FsView.Builder view() {
        FsView.Builder view = new FsView.Builder().add(root.toString(), FsView.Type.DIRECTORY);
        DIRS.forEach(d -> view.add(path(d), FsView.Type.DIRECTORY));
        FILES.forEach(f -> view.add(path(f), FsView.Type.FILE));
        return view.add(path(EXECUTABLE), FsView.Type.FILE);
    }

    /**
     * A random policy over the tree, at ABI {@code abi}, handling a random set of fs rights; {@code system} lists
     * the paths and rights the sandboxed process itself needs (for example to run a shell), granted as far as handled.
     */
    public Policy randomPolicy(Random random, int abi, List<String> system, long systemRights) {
        long handled = AbiTable.mask(RightKind.FS, abi) & random.nextLong() | AbiTable.right(RightKind.FS, "read_file").orElseThrow().value();
        List<PathBeneathRule> rules = new ArrayList<>();
        if (!system.isEmpty() && (systemRights & handled) != 0) {
            rules.add(new PathBeneathRule(system, AbiTable.names(RightKind.FS, systemRights & handled), IfMissing.SKIP, null));
        }
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            long allowed = handled & random.nextLong();
            rules.add(new PathBeneathRule(List.of(path(RULE_PLACES.get(random.nextInt(RULE_PLACES.size())))),
                    AbiTable.names(RightKind.FS, allowed == 0 ? Long.lowestOneBit(handled) : allowed)));
        }
        return new Policy(null, "scratch", null, abi, Compatibility.HARD_REQUIREMENT, AbiTable.names(RightKind.FS, handled),
                List.of(), List.of(), null, null, null, rules, null, null);
    }

    /** A random access among {@code operations}, on paths where it can succeed unless Landlock denies it. */
    public AccessRequest randomAccess(Random random, List<Operation> operations) {
        Operation op = operations.get(random.nextInt(operations.size()));
        String file = path(FILES.get(random.nextInt(FILES.size())));
        String dir = path(DIRS.get(random.nextInt(DIRS.size())));
        String otherDir = path(DIRS.get(random.nextInt(DIRS.size())));
        return switch (op) {
            case READ_DIR -> AccessRequest.onPath(op, dir);
            case EXECUTE -> AccessRequest.onPath(op, path(EXECUTABLE));
            case REMOVE_DIR -> AccessRequest.onPath(op, path(random.nextBoolean() ? "a/empty" : "c/empty"));
            case CREAT, MAKE_REG, MAKE_DIR, MAKE_SYM, MAKE_FIFO, MAKE_SOCK, MAKE_CHAR, MAKE_BLOCK -> AccessRequest.onPath(op, dir + "/new");
            case RENAME -> AccessRequest.move(op, file, otherDir + "/moved");
            case LINK -> AccessRequest.move(op, file, otherDir + "/linked");
            default -> AccessRequest.onPath(op, file);
        };
    }
}
