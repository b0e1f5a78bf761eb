package dev.landlockstudio.enforcer.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import dev.landlockstudio.enforcer.syscall.LibC;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import dev.landlockstudio.enforcer.syscall.ThreadCredentials;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a command confined by a ruleset: spawned from a fresh restricted thread so it inherits the domain, in a
 * process group of its own that is killed at the end, with a timeout and capped output. As root, the command runs
 * as an unprivileged user (no_new_privs is set by the restriction).
 */
public final class ConfinedCommand {

    private static final int O_CLOEXEC = 02000000;
    private static final short POSIX_SPAWN_SETPGROUP = 0x02;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int SIGKILL = 9;

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
    }

    private ConfinedCommand() {
    }

    public static Result run(Ruleset ruleset, List<String> command, Limits limits) throws Exception {
        boolean root = UnixUser.current().uid() == 0;
        UnixUser runAs = root ? limits.user() : UnixUser.current();
        if (root && !ThreadCredentials.supported()) {
            // Never run a user's command as root.
            throw new IllegalStateException("cannot drop root on " + System.getProperty("os.arch") + ": refusing to run as root");
        }
        String[] environment = System.getenv().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        int[] out = pipe();
        int[] err = pipe();
        // Opened here, unrestricted: the policy need not allow /dev/null for the enforcer's own plumbing.
        int stdin = LibC.INSTANCE.open("/dev/null", O_CLOEXEC, 0);
        int pid;
        try {
            pid = RestrictedThread.run(ruleset, () -> {
                if (root) {
                    ThreadCredentials.become(runAs.uid(), runAs.gid());
                }
                return spawn(command, stdin, out[1], err[1], environment);
            }).value();
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
        int[] status = new int[1];
        // A blocking waitpid on a thread of its own: the command's end is seen at once, the timeout still holds.
        Thread waiter = new Thread(() -> LibC.INSTANCE.waitpid(pid, status, 0), "landlock-studio-wait-" + pid);
        waiter.setDaemon(true);
        waiter.start();
        waiter.join(limits.timeout().toMillis());
        boolean timedOut = waiter.isAlive();
        // The whole group goes, whether the command ended, left children behind, or ran out of time.
        killGroup(pid);
        waiter.join();
        String stdoutText = stdout.finish();
        String stderrText = stderr.finish();
        int s = status[0];
        boolean signalled = (s & 0x7f) != 0;
        return new Result(signalled ? null : (s >> 8) & 0xff, signalled ? s & 0x7f : null, timedOut, stdoutText, stderrText,
                stdout.truncated() || stderr.truncated(), runAs.name());
    }

    private static int[] pipe() {
        int[] fds = new int[2];
        LibC.INSTANCE.pipe2(fds, O_CLOEXEC);
        return fds;
    }

    /** On the restricted thread: spawns the command with stdin, stdout and stderr on the given descriptors. */
    private static int spawn(List<String> command, int stdinFd, int stdoutFd, int stderrFd, String[] environment) {
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
            libc.sigfillset(allSignals);
            libc.sigemptyset(noSignals);
            libc.posix_spawnattr_setsigdefault(attr, allSignals);
            libc.posix_spawnattr_setsigmask(attr, noSignals);
            libc.posix_spawnattr_setpgroup(attr, 0);
            libc.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
            int[] pid = new int[1];
            String[] argv = command.toArray(new String[command.size() + 1]);
            String[] envp = Arrays.copyOf(environment, environment.length + 1);
            int error = libc.posix_spawnp(pid, command.get(0), actions, attr, argv, envp);
            if (error != 0) {
                throw new SyscallException("posix_spawnp", error, command.get(0));
            }
            return pid[0];
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
            libc.posix_spawnattr_destroy(attr);
        }
    }

    private static void killGroup(int pid) {
        try {
            LibC.INSTANCE.kill(-pid, SIGKILL);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != 3) { // ESRCH: the group is gone already.
                throw new SyscallException("kill(process group)", e.getErrorCode(), Integer.toString(pid));
            }
        }
    }

    /** Reads a pipe to its end on an unrestricted thread, keeping at most {@code max} bytes. */
    private static final class Drain {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;
        private final int max;
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
            try {
                long n;
                while ((n = LibC.INSTANCE.read(fd, buffer, buffer.length)) > 0) {
                    int keep = (int) Math.min(n, max - kept.size());
                    kept.write(buffer, 0, Math.max(keep, 0));
                    truncated |= keep < n;
                }
            } catch (LastErrorException e) {
                // The write end is gone with the whole group; what was read is kept.
            } finally {
                LibC.INSTANCE.close(fd);
            }
        }

        String finish() throws InterruptedException {
            thread.join(5000);
            return kept.toString(StandardCharsets.UTF_8);
        }

        boolean truncated() {
            return truncated;
        }
    }

}
