package dev.landlockstudio.enforcer.sandbox;

import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_CLOEXEC;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_DIRECTORY;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_PATH;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.IfMissing;
import dev.landlockstudio.enforcer.syscall.DirectLibC;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.LibC;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The three Landlock system calls (landlock-facts.md §1.5-1.8), for the calling thread only. */
public final class Landlock {

    // The same numbers on every architecture: the syscalls came after the tables were unified.
    private static final long CREATE_RULESET = 444;
    private static final long ADD_RULE = 445;
    private static final long RESTRICT_SELF = 446;
    private static final long CREATE_RULESET_VERSION = 1;
    private static final long CREATE_RULESET_ERRATA = 1 << 1;
    private static final long RULE_PATH_BENEATH = 1;
    private static final long RULE_NET_PORT = 2;
    private static final long ADD_RULE_QUIET = 1;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    /** The same number on every architecture, as the Landlock calls. */
    private static final long OPENAT2 = 437;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_IN_ROOT = 0x10;
    /** The thread's own working directory and root, for {@link #restrictCurrentThread(Ruleset, int)}. */
    public static final int AT_FDCWD = -100;
    /** Confining every thread of the JVM is never wanted (DESIGN.md "Enforcer"). */
    private static final long TSYNC = AbiTable.right(RightKind.RESTRICT_FLAG, "tsync").orElseThrow().value();

    /**
     * What applying did besides adding rules as written.
     *
     * @param skippedMissing paths that do not exist, skipped as their rule's ifMissing says
     * @param maskedToFile   paths that are not directories, whose rules kept only file rights
     */
    public record Applied(List<String> skippedMissing, List<String> maskedToFile) {
    }

    private Landlock() {
    }

    /** The highest Landlock ABI this kernel supports. */
    public static int abi() {
        return (int) call("landlock_create_ruleset", null, Pointer.NULL, 0L, CREATE_RULESET_VERSION);
    }

    /** The errata fixed in this kernel's ABI, as a bit mask. */
    public static int errata() {
        return (int) call("landlock_create_ruleset", null, Pointer.NULL, 0L, CREATE_RULESET_ERRATA);
    }

    /** Restricts the calling thread, and the threads and processes it starts from now on, with {@code ruleset}. */
    public static Applied restrictCurrentThread(Ruleset ruleset) {
        return restrictCurrentThread(ruleset, AT_FDCWD);
    }

    /**
     * As {@link #restrictCurrentThread(Ruleset)}, with every rule path resolved inside the directory {@code rulesRoot}
     * (an open descriptor, or {@link #AT_FDCWD} for the thread's own root): "/", ".." and absolute symlinks stay in
     * it, and /proc's magic links are never followed (openat2 with RESOLVE_IN_ROOT and RESOLVE_NO_MAGICLINKS).
     */
    public static Applied restrictCurrentThread(Ruleset ruleset, int rulesRoot) {
        if (!ruleset.enforced()) {
            return new Applied(List.of(), List.of());
        }
        Memory attr = new Memory(ruleset.attrSize());
        long[] fields = {ruleset.handledAccessFs(), ruleset.handledAccessNet(), ruleset.scoped(),
                ruleset.quietAccessFs(), ruleset.quietAccessNet(), ruleset.quietScoped()};
        for (int i = 0; i < ruleset.attrSize() / 8; i++) {
            attr.setLong(i * 8L, fields[i]);
        }
        int rulesetFd = (int) call("landlock_create_ruleset", null, attr, (long) ruleset.attrSize(), 0L);
        List<String> skipped = new ArrayList<>();
        List<String> masked = new ArrayList<>();
        Memory pathBeneath = new Memory(12);
        try {
            for (Ruleset.PathBeneath rule : ruleset.pathBeneath()) {
                addPathRule(rulesetFd, rulesRoot, rule, pathBeneath, skipped, masked);
            }
            Memory netPort = new Memory(16);
            for (Ruleset.NetPort rule : ruleset.netPort()) {
                netPort.setLong(0, rule.allowedAccess());
                netPort.setLong(8, rule.port());
                call("landlock_add_rule", "port " + rule.port(), (long) rulesetFd, RULE_NET_PORT, netPort,
                        rule.quiet() ? ADD_RULE_QUIET : 0L);
            }
            try {
                LibC.INSTANCE.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
            } catch (LastErrorException e) {
                throw new SyscallException("prctl(PR_SET_NO_NEW_PRIVS)", e.getErrorCode(), null);
            }
            call("landlock_restrict_self", null, (long) rulesetFd, ruleset.restrictSelfFlags() & ~TSYNC);
        } finally {
            LibC.INSTANCE.close(rulesetFd);
        }
        return new Applied(List.copyOf(skipped), List.copyOf(masked));
    }

    /**
     * Restricts the calling thread with each ruleset of {@code stack} in turn, one landlock_create_ruleset and
     * landlock_restrict_self each: every one is a layer of its own (landlock-facts.md §2.7).
     */
    public static Applied restrictCurrentThread(RulesetStack stack, int rulesRoot) {
        List<String> skipped = new ArrayList<>();
        List<String> masked = new ArrayList<>();
        for (Ruleset ruleset : stack.rulesets()) {
            Applied applied = restrictCurrentThread(ruleset, rulesRoot);
            skipped.addAll(applied.skippedMissing());
            masked.addAll(applied.maskedToFile());
        }
        return new Applied(List.copyOf(skipped), List.copyOf(masked));
    }

    private static void addPathRule(int rulesetFd, int rulesRoot, Ruleset.PathBeneath rule, Memory pathBeneath,
                                    List<String> skipped, List<String> masked) {
        // O_DIRECTORY tells in the same call whether the path is a directory: ENOTDIR means it is not.
        boolean directory = true;
        int fd;
        try {
            fd = openForRule(rulesRoot, rule.path(), O_PATH | O_CLOEXEC | O_DIRECTORY);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.ENOTDIR) {
                if (e.getErrorCode() == Errno.ENOENT && rule.ifMissing() == IfMissing.SKIP) {
                    skipped.add(rule.path());
                    return;
                }
                throw cannotOpen(rule.path(), e.getErrorCode());
            }
            directory = false;
            try {
                fd = openForRule(rulesRoot, rule.path(), O_PATH | O_CLOEXEC);
            } catch (LastErrorException notEven) {
                throw cannotOpen(rule.path(), notEven.getErrorCode());
            }
        }
        try {
            long allowed = rule.allowedAccess();
            // The kernel refuses directory-only rights on anything else (EINVAL); the C program masks the same way.
            if (!directory) {
                allowed &= AbiTable.fileRights();
                if (allowed != rule.allowedAccess()) {
                    masked.add(rule.path());
                }
            }
            if (allowed == 0 && !rule.quiet()) {
                return;
            }
            pathBeneath.setLong(0, allowed);
            pathBeneath.setInt(8, fd);
            try {
                DirectLibC.syscall(ADD_RULE, rulesetFd, RULE_PATH_BENEATH, Pointer.nativeValue(pathBeneath),
                        rule.quiet() ? ADD_RULE_QUIET : 0L);
            } catch (LastErrorException e) {
                throw new SyscallException("landlock_add_rule", e.getErrorCode(), rule.path());
            }
        } finally {
            DirectLibC.close(fd);
        }
    }

    /** A rule path opened with O_PATH: plainly, or inside {@code rulesRoot}. */
    private static int openForRule(int rulesRoot, String path, int flags) {
        if (rulesRoot == AT_FDCWD) {
            return DirectLibC.open(path, flags, 0);
        }
        String inRoot = path.equals("/") ? "." : path.substring(1);
        byte[] name = inRoot.getBytes(StandardCharsets.UTF_8);
        try (Memory text = new Memory(name.length + 1); Memory how = new Memory(24)) {
            text.write(0, name, 0, name.length);
            text.setByte(name.length, (byte) 0);
            how.setLong(0, flags);
            how.setLong(8, 0);
            how.setLong(16, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
            return (int) DirectLibC.syscall(OPENAT2, rulesRoot, Pointer.nativeValue(text), Pointer.nativeValue(how), 24);
        }
    }

    private static SyscallException cannotOpen(String path, int errno) {
        return new SyscallException("open", errno, path, switch (errno) {
            case Errno.ENOENT -> path + " does not exist here: give its rule \"ifMissing\": \"skip\", or try the policy"
                    + " in a scratch tree or through an overlay of a rootfs that has it";
            case Errno.ENOTDIR -> "a component of " + path + " is not a directory here, so its rule cannot be placed:"
                    + " correct the path or give its rule \"ifMissing\": \"skip\"";
            case Errno.ELOOP -> path + " leads through too many symbolic links or a /proc magic link, which a trial never"
                    + " follows: give the path the links lead to";
            case Errno.EACCES, Errno.EPERM -> path + " cannot be opened for its rule here (permission denied): run as a"
                    + " user who may reach it";
            default -> path + " cannot be opened for its rule here";
        });
    }

    private static long call(String name, String about, Object... args) {
        long number = switch (name) {
            case "landlock_create_ruleset" -> CREATE_RULESET;
            case "landlock_add_rule" -> ADD_RULE;
            default -> RESTRICT_SELF;
        };
        try {
            return LibC.INSTANCE.syscall(number, args);
        } catch (LastErrorException e) {
            throw new SyscallException(name, e.getErrorCode(), about);
        }
    }
}
