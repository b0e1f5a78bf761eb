package dev.landlockstudio.enforcer.command;

import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_CLOEXEC;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.enforcer.sandbox.FreshThread;
import dev.landlockstudio.enforcer.sandbox.Landlock;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.LibC;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import dev.landlockstudio.enforcer.syscall.ThreadCredentials;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Runs a command confined by a ruleset: spawned from a fresh restricted thread so it inherits the domain, with only
 * descriptors 0-2 and a minimal environment ({@link CommandEnvironment}), as PID 1 of a PID namespace of its own, so
 * that when it ends or is killed (at the timeout) the kernel kills every process it left, however it detached
 * (setsid, double fork, setpgrp); where the host allows, its first process is also in a cgroup of the run's own
 * ({@link RunCgroup}), so that a later run kills it if this enforcer is killed mid-run. Output is capped and read by threads that end within a bound. As root, the
 * command runs as an unprivileged user (no_new_privs is set by the restriction); without CAP_SYS_ADMIN no PID
 * namespace can be made, and the command is refused rather than run uncontained.
 */
public final class ConfinedCommand {

    private static final short POSIX_SPAWN_SETPGROUP = 0x02;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int SIGKILL = 9;
    private static final int CLONE_NEWPID = 0x20000000;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int P_PID = 1;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;
    private static final short POLLIN = 0x1;
    /** How long output may still be read once the command and everything it started are gone. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    /**
     * @param user      the user to run as when the enforcer runs as root (uid and gid), else ignored
     * @param maxOutput bytes kept of stdout and of stderr each; the rest is read and dropped
     */
    public record Limits(Duration timeout, int maxOutput, UnixUser user) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), 1 << 20, UnixUser.named("nobody"));
    }

    /**
     * @param exitCode  the command's exit status, or null when a signal ended it
     * @param signal    the signal that ended it, or null
     * @param truncated whether output beyond the cap was dropped
     */
    @JsonPropertyOrder({"exitCode", "signal", "timedOut", "stdout", "stderr", "truncated", "runAs"})
    public record Result(Integer exitCode, Integer signal, boolean timedOut, String stdout, String stderr, boolean truncated,
                         String runAs) {

        /** How it ended, in words: "exit 0", "killed by signal 9" or "timed out". */
        public String ending() {
            return timedOut ? "timed out" : signal != null ? "killed by signal " + signal : "exit " + exitCode;
        }
    }

    private ConfinedCommand() {
    }

    /** Runs the command with the minimal environment only. */
    public static Result run(Ruleset ruleset, List<String> command, Limits limits) throws Exception {
        return run(ruleset, command, Map.of(), limits);
    }

    /**
     * @param environment variables added to the minimal environment (built with {@link CommandEnvironment#put})
     * @throws IllegalStateException when the command cannot be contained here (no CAP_SYS_ADMIN) or run as root
     */
    public static Result run(Ruleset ruleset, List<String> command, Map<String, String> environment, Limits limits)
            throws Exception {
        return run(RulesetStack.of(null, Objects.requireNonNull(ruleset, "ruleset")), command, environment, limits);
    }

    /** As {@link #run(Ruleset, List, Map, Limits)}, confined by each ruleset of {@code stack} in turn. */
    public static Result run(RulesetStack stack, List<String> command, Map<String, String> environment, Limits limits)
            throws Exception {
        return contained(Objects.requireNonNull(stack, "stack"), command, environment, limits);
    }

    /**
     * Runs the command contained in every way {@link #run} contains it (descriptors, environment, user, no_new_privs,
     * PID namespace, cgroup, timeout, output cap) but under no ruleset: how learn records what a command does.
     */
    public static Result runUnconfined(List<String> command, Map<String, String> environment, Limits limits) throws Exception {
        return contained(null, command, environment, limits);
    }

    /** @param ruleset the rulesets to confine it by, or null for none */
    private static Result contained(RulesetStack ruleset, List<String> command, Map<String, String> environment, Limits limits)
            throws Exception {
        boolean root = UnixUser.current().uid() == 0;
        UnixUser runAs = root ? limits.user() : UnixUser.current();
        if (root && !ThreadCredentials.supported()) {
            // Never run a user's command as root.
            throw new IllegalStateException("cannot drop root on " + System.getProperty("os.arch") + ": refusing to run as root");
        }
        String[] envp = CommandEnvironment.of(runAs, environment);
        String executable = executable(command.get(0), environment.getOrDefault("PATH", CommandEnvironment.PATH));
        RunCgroup.sweepLeftovers();
        Optional<RunCgroup> cgroup = RunCgroup.create();
        try {
            return run(ruleset, executable, command, envp, root, runAs, limits, cgroup);
        } finally {
            if (cgroup.isPresent()) {
                cgroup.get().remove();
            }
        }
    }

    private static Result run(RulesetStack ruleset, String executable, List<String> command, String[] envp, boolean root,
                              UnixUser runAs, Limits limits, Optional<RunCgroup> cgroup) throws Exception {
        int[] out = pipe();
        int[] err = pipe();
        // Opened here, unrestricted: the policy need not allow /dev/null for the enforcer's own plumbing.
        int stdin = LibC.INSTANCE.open("/dev/null", O_CLOEXEC, 0);
        int pid;
        try {
            Callable<Integer> spawner = () -> {
                // Only this thread's children go to the new namespace; CAP_SYS_ADMIN is needed, so before dropping root.
                LibC.INSTANCE.unshare(CLONE_NEWPID);
                if (root) {
                    ThreadCredentials.become(runAs.uid(), runAs.gid());
                }
                if (ruleset == null) {
                    // Restricting sets no_new_privs; unrestricted, set-user-ID programs must gain nothing either.
                    LibC.INSTANCE.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
                }
                return spawn(executable, command, stdin, out[1], err[1], envp);
            };
            pid = ruleset == null ? FreshThread.call("landlock-studio-unconfined", null, spawner)
                    : RestrictedThread.run(ruleset, Landlock.AT_FDCWD, null, spawner).value();
        } catch (LastErrorException e) {
            LibC.INSTANCE.close(out[0]);
            LibC.INSTANCE.close(err[0]);
            throw new IllegalStateException("cannot contain the command here: a PID namespace of its own, which makes sure"
                    + " nothing it starts outlives it, needs root (CAP_SYS_ADMIN); unshare failed: " + Errno.name(e.getErrorCode()));
        } catch (Exception e) {
            LibC.INSTANCE.close(out[0]);
            LibC.INSTANCE.close(err[0]);
            throw e;
        } finally {
            LibC.INSTANCE.close(stdin);
            LibC.INSTANCE.close(out[1]);
            LibC.INSTANCE.close(err[1]);
        }
        Drain stdout = Drain.start(out[0], limits.maxOutput());
        Drain stderr = Drain.start(err[0], limits.maxOutput());
        // A blocking wait on a thread of its own: the command's end is seen at once, the timeout still holds. It
        // leaves the command unreaped (WNOWAIT), so that its pid cannot be reused before the kill below.
        Thread waiter = new Thread(() -> LibC.INSTANCE.waitid(P_PID, pid, new Memory(128), WEXITED | WNOWAIT),
                "landlock-studio-wait-" + pid);
        waiter.setDaemon(true);
        waiter.start();
        int[] status = new int[1];
        boolean timedOut;
        try {
            if (cgroup.isPresent()) {
                cgroup.get().add(pid);
            }
            waiter.join(limits.timeout().toMillis());
        } finally {
            timedOut = waiter.isAlive();
            // Killing the namespace's first process kills the namespace: whatever it started goes with it. The kernel
            // kills and reaps them all before the first process's end is reported, so after this nothing of it is left.
            kill(pid);
            waiter.join();
            LibC.INSTANCE.waitpid(pid, status, 0);
        }
        String stdoutText = stdout.finish();
        String stderrText = stderr.finish();
        int s = status[0];
        boolean signalled = (s & 0x7f) != 0;
        return new Result(signalled ? null : (s >> 8) & 0xff, signalled ? s & 0x7f : null, timedOut, stdoutText, stderrText,
                stdout.truncated() || stderr.truncated(), runAs.name());
    }

    /**
     * The file to execute: a name without a slash is looked up in the command's own PATH (absolute directories only),
     * never in the enforcer's, as posix_spawnp would.
     */
    private static String executable(String name, String path) {
        if (name.contains("/")) {
            return name;
        }
        for (String directory : path.split(":")) {
            Path candidate = Path.of(directory).resolve(name);
            if (directory.startsWith("/") && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new SyscallException("posix_spawnp", Errno.ENOENT, name + " in PATH " + path);
    }

    private static int[] pipe() {
        int[] fds = new int[2];
        LibC.INSTANCE.pipe2(fds, O_CLOEXEC);
        return fds;
    }

    /** On the restricted thread: spawns the command with stdin, stdout and stderr on the given descriptors. */
    private static int spawn(String executable, List<String> command, int stdinFd, int stdoutFd, int stderrFd, String[] environment) {
        LibC libc = LibC.INSTANCE;
        Memory actions = new Memory(256);
        Memory attr = new Memory(1024);
        Memory allSignals = new Memory(256);
        Memory noSignals = new Memory(256);
        libc.posix_spawn_file_actions_init(actions);
        libc.posix_spawnattr_init(attr);
        try {
            libc.posix_spawn_file_actions_adddup2(actions, stdinFd, 0);
            libc.posix_spawn_file_actions_adddup2(actions, stdoutFd, 1);
            libc.posix_spawn_file_actions_adddup2(actions, stderrFd, 2);
            // Nothing else of the enforcer's reaches the command (a server's database file, its listening socket).
            int closing = libc.posix_spawn_file_actions_addclosefrom_np(actions, 3);
            if (closing != 0) {
                throw new SyscallException("posix_spawn_file_actions_addclosefrom_np", closing, null);
            }
            // It starts in /, not in the enforcer's working directory (a server's data directory, a checkout).
            int moving = libc.posix_spawn_file_actions_addchdir_np(actions, "/");
            if (moving != 0) {
                throw new SyscallException("posix_spawn_file_actions_addchdir_np", moving, "/");
            }
            libc.sigfillset(allSignals);
            libc.sigemptyset(noSignals);
            libc.posix_spawnattr_setsigdefault(attr, allSignals);
            libc.posix_spawnattr_setsigmask(attr, noSignals);
            libc.posix_spawnattr_setpgroup(attr, 0);
            libc.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
            int[] pid = new int[1];
            String[] argv = command.toArray(new String[command.size() + 1]);
            String[] envp = Arrays.copyOf(environment, environment.length + 1);
            int error = libc.posix_spawnp(pid, executable, actions, attr, argv, envp);
            if (error != 0) {
                throw new SyscallException("posix_spawnp", error, command.get(0));
            }
            return pid[0];
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
            libc.posix_spawnattr_destroy(attr);
        }
    }

    private static void kill(int pid) {
        try {
            LibC.INSTANCE.kill(pid, SIGKILL);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != 3) { // ESRCH: not expected (it is unreaped), but then it is gone already.
                throw new SyscallException("kill", e.getErrorCode(), Integer.toString(pid));
            }
        }
    }

    /**
     * Reads a pipe to its end on an unrestricted thread, keeping at most {@code max} bytes. It polls, so that it ends
     * within a bound of {@link #finish} even if something still held the write end.
     */
    private static final class Drain {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;
        private final int max;
        private volatile boolean finishing;
        private volatile long deadline;
        private boolean truncated;

        private Drain(int fd, int max) {
            this.max = max;
            this.thread = new Thread(() -> read(fd), "landlock-studio-output");
            thread.setDaemon(true);
        }

        static Drain start(int fd, int max) {
            Drain drain = new Drain(fd, max);
            drain.thread.start();
            return drain;
        }

        private void read(int fd) {
            byte[] buffer = new byte[65536];
            Memory pollFd = new Memory(8); // struct pollfd: int fd, short events, short revents
            pollFd.setInt(0, fd);
            pollFd.setShort(4, POLLIN);
            try {
                while (!finishing || System.nanoTime() - deadline < 0) {
                    if (LibC.INSTANCE.poll(pollFd, 1, 100) == 0) {
                        continue;
                    }
                    long n = LibC.INSTANCE.read(fd, buffer, buffer.length);
                    if (n <= 0) {
                        return;
                    }
                    synchronized (kept) {
                        int keep = (int) Math.min(n, max - kept.size());
                        kept.write(buffer, 0, Math.max(keep, 0));
                        truncated |= keep < n;
                    }
                }
            } catch (LastErrorException e) {
                // What was read is kept.
            } finally {
                LibC.INSTANCE.close(fd);
            }
        }

        /** Once the command is gone: what it wrote, read for at most {@link #OUTPUT_GRACE} more. */
        String finish() throws InterruptedException {
            deadline = System.nanoTime() + OUTPUT_GRACE.toNanos();
            finishing = true;
            thread.join(OUTPUT_GRACE.toMillis() + 1000);
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }

        boolean truncated() {
            synchronized (kept) {
                return truncated;
            }
        }
    }
}
