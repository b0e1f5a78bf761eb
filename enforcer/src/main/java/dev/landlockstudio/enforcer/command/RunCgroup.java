package dev.landlockstudio.enforcer.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A cgroup v2 of one run, holding the command's first process, where the host has a writable cgroup v2 hierarchy.
 * The PID namespace already ends the command's tree with the run; this covers the enforcer itself being killed
 * (kill -9) mid-run: the next run finds the cgroups of owners that are gone and kills them with cgroup.kill, which
 * ends the whole namespace with its first process. Only the first process needs to be in it, so moving it in
 * after the spawn leaves no gap.
 */
final class RunCgroup {

    static final String PREFIX = "landlock-studio-run-";
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final Path path;

    private RunCgroup(Path path) {
        this.path = path;
    }

    /** A new cgroup for a run of this process, or empty where there is no writable cgroup v2 hierarchy. */
    static Optional<RunCgroup> create() {
        Optional<Path> hierarchy = hierarchy();
        if (hierarchy.isEmpty() || !Files.isWritable(hierarchy.get().resolve("cgroup.procs"))) {
            return Optional.empty();
        }
        ProcessHandle self = ProcessHandle.current();
        Path path = hierarchy.get().resolve(name(self.pid(), startMillis(self), COUNT.incrementAndGet()));
        try {
            Files.createDirectory(path);
            if (!Files.exists(path.resolve("cgroup.kill"))) { // Before Linux 5.14: a leftover could not be killed.
                Files.delete(path);
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new RunCgroup(path));
    }

    /** The cgroup's name: the owner (pid and start time, so that a reused pid is not mistaken for it) and a count. */
    static String name(long ownerPid, long ownerStartMillis, int count) {
        return PREFIX + ownerPid + "-" + ownerStartMillis + "-" + count;
    }

    /** Moves the process in, unless it has ended already (a zombie cannot move, and there is nothing to hold). */
    void add(int pid) throws IOException {
        try {
            Files.writeString(path.resolve("cgroup.procs"), Integer.toString(pid));
        } catch (IOException e) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            if (stat.charAt(stat.lastIndexOf(')') + 2) != 'Z') {
                throw e;
            }
        }
    }

    /** After the run, when nothing of it is left. */
    void remove() throws IOException {
        Files.deleteIfExists(path);
    }

    /** Kills what runs of enforcers that are gone left behind, and removes their cgroups. */
    static void sweepLeftovers() throws IOException {
        Optional<Path> hierarchy = hierarchy();
        if (hierarchy.isEmpty()) {
            return;
        }
        List<Path> runs;
        try (Stream<Path> entries = Files.list(hierarchy.get())) {
            runs = entries.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p)).toList();
        }
        for (Path run : runs) {
            if (!ownerAlive(run.getFileName().toString().substring(PREFIX.length()).split("-"))) {
                kill(run);
            }
        }
    }

    private static boolean ownerAlive(String[] owner) {
        if (owner.length != 3) {
            return true; // Not a name of ours: left alone.
        }
        try {
            long pid = Long.parseLong(owner[0]);
            long start = Long.parseLong(owner[1]);
            return ProcessHandle.of(pid).map(p -> startMillis(p) == start).orElse(false);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** cgroup.kill, then the cgroup goes once the kernel has emptied it (a moment; bounded here). */
    private static void kill(Path run) throws IOException {
        try {
            Files.writeString(run.resolve("cgroup.kill"), "1");
            for (int i = 0; i < 100 && !Files.readString(run.resolve("cgroup.procs")).isBlank(); i++) {
                Thread.sleep(20);
            }
            Files.deleteIfExists(run);
        } catch (java.nio.file.FileSystemException busyOrGone) {
            // Swept by someone else meanwhile, or still emptying (killed, not yet exited): a later sweep removes it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /** Where cgroup v2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid layout). */
    static Optional<Path> hierarchy() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
            return lines.map(line -> line.split(" - ", 2)).filter(parts -> parts.length == 2 && parts[1].startsWith("cgroup2 "))
                    .map(parts -> Path.of(parts[0].split(" ")[4].replace("\\040", " "))).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
