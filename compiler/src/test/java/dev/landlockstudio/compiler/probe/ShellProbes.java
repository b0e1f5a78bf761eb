package dev.landlockstudio.compiler.probe;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import java.util.List;

/**
 * Accesses as shell commands, for programs that confine a command (the c target's): each command exits 0 when the
 * access is allowed, 13 for EACCES and 18 for EXDEV where it can tell (rename, link and truncate run through perl,
 * which calls the system call itself; mv and ln would fall back or add checks).
 */
public final class ShellProbes {

    /** The operations a shell command can make. */
    public static final List<Operation> SUPPORTED = List.of(Operation.READ_FILE, Operation.WRITE_FILE, Operation.READ_DIR,
            Operation.TRUNCATE, Operation.OPEN_TRUNC, Operation.EXECUTE, Operation.CREAT, Operation.MAKE_DIR,
            Operation.MAKE_SYM, Operation.MAKE_FIFO, Operation.REMOVE_FILE, Operation.REMOVE_DIR, Operation.RENAME,
            Operation.LINK);

    /** What the shell and perl read and execute, and the /dev/null they write: a policy must allow these. */
    public static final List<String> SYSTEM_PATHS = List.of("/usr", "/bin", "/lib", "/lib64", "/etc", "/dev/null");

    private ShellProbes() {
    }

    public static String command(AccessRequest request) {
        String p = quote(request.path());
        return switch (request.operation()) {
            case READ_FILE -> "cat " + p + " > /dev/null";
            case WRITE_FILE -> "printf x >> " + p;
            case READ_DIR -> "ls " + p + " > /dev/null";
            case TRUNCATE -> perl("truncate($ARGV[0], 0)", p);
            case OPEN_TRUNC, CREAT -> ": > " + p;
            case EXECUTE -> p;
            case MAKE_DIR -> "mkdir " + p;
            case MAKE_SYM -> "ln -s target " + p;
            case MAKE_FIFO -> "mkfifo " + p;
            case REMOVE_FILE -> "rm -f " + p;
            case REMOVE_DIR -> "rmdir " + p;
            case RENAME -> perl("rename($ARGV[0], $ARGV[1])", p, quote(request.destination()));
            case LINK -> perl("link($ARGV[0], $ARGV[1])", p, quote(request.destination()));
            default -> throw new IllegalArgumentException(request.operation().documentName() + " has no shell command");
        };
    }

    /** "allowed", "EACCES" or "EXDEV" from a probe command's exit status. */
    public static String outcome(int exitStatus) {
        return switch (exitStatus) {
            case 0 -> "allowed";
            case 18 -> "EXDEV";
            default -> "EACCES";
        };
    }

    private static String perl(String call, String... args) {
        return "perl -e '" + call + " ? exit 0 : exit($!{EXDEV} ? 18 : $!{EACCES} ? 13 : 1)' " + String.join(" ", args);
    }

    private static String quote(String path) {
        return "'" + path.replace("'", "'\\''") + "'";
    }
}
