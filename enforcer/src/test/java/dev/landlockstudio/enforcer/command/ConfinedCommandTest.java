package dev.landlockstudio.enforcer.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.LibC;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedCommandTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void landlock() throws Exception {
        EnforcerTestSupport.requireLandlock();
        EnforcerTestSupport.require(UnixUser.current().uid() == 0,
                "a confined command needs root (CAP_SYS_ADMIN) for the PID namespace that contains it");
        Files.createDirectories(dir.resolve("allowed"));
        Files.createDirectories(dir.resolve("denied"));
        Files.writeString(dir.resolve("allowed/f"), "allowed content");
        Files.writeString(dir.resolve("denied/f"), "denied content");
        // The unprivileged user must be able to traverse to the files; Landlock, not permissions, is under test.
        for (Path p : List.of(dir, dir.resolve("allowed"), dir.resolve("denied"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : List.of(dir.resolve("allowed/f"), dir.resolve("denied/f"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static Ruleset policy() {
        String policy = "{\"name\": \"cmd\", \"abi\": 4, \"handledAccessNet\": [], \"pathBeneath\": ["
                + "{\"paths\": [\"/usr\", \"/bin\", \"/lib\", \"/lib64\", \"/etc\"], \"allowedAccess\": [\"abi.read_execute\"], \"ifMissing\": \"skip\"},"
                + "{\"paths\": [\"/dev/null\"], \"allowedAccess\": [\"read_file\", \"write_file\"]},"
                + "{\"paths\": [\"/dev/zero\"], \"allowedAccess\": [\"read_file\"]},"
                + "{\"paths\": [\"/proc\"], \"allowedAccess\": [\"read_file\", \"read_dir\"]},"
                + "{\"paths\": " + Json.MAPPER.writeValueAsString(List.of(dir.resolve("allowed").toString()))
                + ", \"allowedAccess\": [\"read_file\", \"read_dir\"]}]}";
        return Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, 4).ruleset();
    }

    @Test
    void theCommandIsConfined() throws Exception {
        ConfinedCommand.Result allowed = ConfinedCommand.run(policy(), List.of("cat", dir.resolve("allowed/f").toString()),
                ConfinedCommand.Limits.DEFAULT);
        assertThat(allowed.exitCode()).as(allowed.stderr()).isZero();
        assertThat(allowed.stdout()).isEqualTo("allowed content");
        ConfinedCommand.Result denied = ConfinedCommand.run(policy(), List.of("cat", dir.resolve("denied/f").toString()),
                ConfinedCommand.Limits.DEFAULT);
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.stderr()).contains("Permission denied");
        assertThat(Files.readString(dir.resolve("denied/f"))).as("the JVM itself is not confined").isEqualTo("denied content");
    }

    @Test
    void theCommandStartsInTheRootDirectoryNotInTheEnforcers() throws Exception {
        assertThat(Path.of("").toAbsolutePath().toString()).as("the enforcer's own working directory").isNotEqualTo("/");
        ConfinedCommand.Result pwd = ConfinedCommand.run(policy(), List.of("pwd"), ConfinedCommand.Limits.DEFAULT);
        assertThat(pwd.exitCode()).as(pwd.stderr()).isZero();
        assertThat(pwd.stdout()).isEqualTo("/\n");
    }

    @Test
    void asRootTheCommandRunsAsAnUnprivilegedUser() throws Exception {
        Assumptions.assumeTrue(UnixUser.current().uid() == 0, "only root drops privileges");
        ConfinedCommand.Result id = ConfinedCommand.run(policy(), List.of("id", "-u"), ConfinedCommand.Limits.DEFAULT);
        assertThat(id.stdout().strip()).isEqualTo(Integer.toString(UnixUser.named("nobody").uid()));
        assertThat(id.runAs()).isEqualTo("nobody");
        assertThat(UnixUser.current().uid()).as("the JVM stays root").isZero();
        ConfinedCommand.Result nnp = ConfinedCommand.run(policy(), List.of("grep", "NoNewPrivs", "/proc/self/status"),
                ConfinedCommand.Limits.DEFAULT);
        assertThat(nnp.stdout()).contains("NoNewPrivs:\t1");
    }

    @Test
    void onlyDescriptorsZeroToTwoReachTheCommand() throws Exception {
        // Held open by this process without CLOEXEC, as a server's database file and listening socket could be.
        Path file = dir.resolve("held-open");
        Files.writeString(file, "secret");
        int held = LibC.INSTANCE.open(file.toString(), 2 /* O_RDWR */, 0);
        int listening = LibC.INSTANCE.socket(2 /* AF_INET */, 1 /* SOCK_STREAM */, 0);
        try {
            Memory address = new Memory(16); // sockaddr_in: 127.0.0.1, any port
            address.clear();
            address.setShort(0, (short) 2);
            address.write(4, new byte[] {127, 0, 0, 1}, 0, 4);
            LibC.INSTANCE.bind(listening, address, 16);
            LibC.INSTANCE.listen(listening, 1);
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + held))).isEqualTo(file);

            ConfinedCommand.Result result = ConfinedCommand.run(policy(), List.of("ls", "-ln", "/proc/self/fd"),
                    ConfinedCommand.Limits.DEFAULT);

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            Map<String, String> descriptors = new TreeMap<>();
            Matcher entry = Pattern.compile("(?m) (\\d+) -> (.*)$").matcher(result.stdout());
            while (entry.find()) {
                descriptors.put(entry.group(1), entry.group(2));
            }
            assertThat(descriptors.keySet()).as(result.stdout()).containsExactly("0", "1", "2", "3");
            assertThat(descriptors.get("0")).isEqualTo("/dev/null");
            assertThat(descriptors.get("3")).as("the directory ls is listing").matches("/proc/\\d+/fd");
        } finally {
            LibC.INSTANCE.close(held);
            LibC.INSTANCE.close(listening);
        }
    }

    @Test
    void theCommandGetsTheMinimalEnvironmentAndWhatIsNamed() throws Exception {
        Set<String> minimal = Set.of("PATH", "HOME", "LANG", "TERM");
        List<String> secrets = System.getenv().keySet().stream().filter(name -> !minimal.contains(name)).sorted().toList();
        assertThat(secrets).as("this process's environment beyond the minimal one").isNotEmpty();
        String named = secrets.get(0);
        Map<String, String> environment = new TreeMap<>();
        CommandEnvironment.put(environment, "GREETING=a=b c", System::getenv);
        CommandEnvironment.put(environment, named, System::getenv);
        CommandEnvironment.put(environment, "LANDLOCK_STUDIO_UNSET_HERE", name -> null);

        ConfinedCommand.Result result = ConfinedCommand.run(policy(), List.of("env"), environment, ConfinedCommand.Limits.DEFAULT);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<String, String> seen = new TreeMap<>();
        result.stdout().lines().forEach(line -> seen.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        assertThat(seen.keySet()).containsExactlyInAnyOrder("PATH", "HOME", "LANG", "TERM", "GREETING", named);
        assertThat(seen).containsEntry("HOME", UnixUser.current().uid() == 0 ? UnixUser.named("nobody").home() : UnixUser.current().home())
                .containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin").containsEntry("GREETING", "a=b c")
                .containsEntry(named, System.getenv(named));
        assertThat(secrets.subList(1, secrets.size())).allSatisfy(secret -> assertThat(seen).doesNotContainKey(secret));
    }

    @Test
    void aNameIsLookedUpInTheCommandsPathNotInTheEnforcers() throws Exception {
        assertThat(System.getenv("PATH")).contains("/usr/bin");
        assertThatThrownBy(() -> ConfinedCommand.run(policy(), List.of("env"), Map.of("PATH", "/nonexistent:bin"),
                ConfinedCommand.Limits.DEFAULT)).isInstanceOfSatisfying(SyscallException.class, e -> {
                    assertThat(e.syscall()).isEqualTo("posix_spawnp");
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                });
        ConfinedCommand.Result found = ConfinedCommand.run(policy(), List.of("env"), Map.of("PATH", "/usr/bin"),
                ConfinedCommand.Limits.DEFAULT);
        assertThat(found.stdout()).contains("PATH=/usr/bin\n");
    }

    @Test
    void badVariablesAreRefused() {
        Map<String, String> environment = new TreeMap<>();
        assertThatThrownBy(() -> CommandEnvironment.put(environment, "1X=y", System::getenv)).hasMessageContaining("\"1X\" is not a variable name");
        assertThatThrownBy(() -> CommandEnvironment.put(environment, "PATH", null)).hasMessageContaining("give PATH=VALUE");
        assertThatThrownBy(() -> CommandEnvironment.put(environment, "X=a\0b", null)).hasMessageContaining("NUL");
        assertThat(environment).isEmpty();
    }

    @Test
    void nothingOfTheCommandOutlivesItsRun() throws Exception {
        String marker = marker();
        ConfinedCommand.Result result = ConfinedCommand.run(policy(), List.of("sh", "-c", detaching(marker) + "echo started"),
                ConfinedCommand.Limits.DEFAULT);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("started\n");
        assertNothingLeft(marker);
    }

    @Test
    void theTimeoutKillsTheWholeTree() throws Exception {
        String marker = marker();
        long start = System.nanoTime();
        ConfinedCommand.Result result = ConfinedCommand.run(policy(),
                List.of("sh", "-c", detaching(marker) + "echo started; sleep 600." + marker + "4"),
                new ConfinedCommand.Limits(Duration.ofMillis(1500), 1 << 20, UnixUser.named("nobody")));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.signal()).isEqualTo(9);
        assertThat(result.stdout()).isEqualTo("started\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertNothingLeft(marker);
    }

    @Test
    void theFirstProcessIsInACgroupOfTheRunAndARunLeftByAKilledEnforcerIsKilledByTheNext() throws Exception {
        Optional<Path> hierarchy = RunCgroup.hierarchy();
        EnforcerTestSupport.require(hierarchy.isPresent() && Files.isWritable(hierarchy.get().resolve("cgroup.procs")),
                "no writable cgroup v2 hierarchy here");
        // The first process is moved in just after the spawn; what it starts a moment later is in there with it.
        ConfinedCommand.Result during = ConfinedCommand.run(policy(), List.of("sh", "-c", "sleep 1; cat /proc/self/cgroup"),
                ConfinedCommand.Limits.DEFAULT);
        assertThat(during.stdout()).as(during.stderr()).contains("0::/" + RunCgroup.PREFIX + ProcessHandle.current().pid() + "-");
        assertThat(runCgroups(hierarchy.get())).as("removed after the run")
                .noneMatch(p -> p.getFileName().toString().startsWith(RunCgroup.PREFIX + ProcessHandle.current().pid() + "-"));

        // What a killed enforcer leaves: a run's cgroup whose owner is gone, its process still running.
        Process owner = new ProcessBuilder("true").start();
        owner.waitFor();
        Path left = hierarchy.get().resolve(RunCgroup.name(owner.pid(), 1, 1));
        Files.createDirectory(left);
        String marker = marker();
        Process leftover = new ProcessBuilder("sleep", "600." + marker).start();
        try {
            Files.writeString(left.resolve("cgroup.procs"), Long.toString(leftover.pid()));
            ConfinedCommand.run(policy(), List.of("true"), ConfinedCommand.Limits.DEFAULT);
            assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).as("killed by the next run").isTrue();
            assertThat(left).doesNotExist();
            assertNothingLeft(marker);
        } finally {
            leftover.destroyForcibly().waitFor();
            if (Files.exists(left)) {
                Files.writeString(left.resolve("cgroup.kill"), "1");
                Thread.sleep(100);
                Files.delete(left);
            }
        }
    }

    private static List<Path> runCgroups(Path hierarchy) throws Exception {
        try (var entries = Files.list(hierarchy)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(RunCgroup.PREFIX)).toList();
        }
    }

    /** Digits that name this run's processes in their command lines (sleep takes 600.DIGITS). */
    private static String marker() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 1_000_000_000L));
    }

    /** Three ways out of a process group: a new session, a double fork, a background child; then time to start them. */
    private static String detaching(String marker) {
        return "setsid sleep 600." + marker + "1 & (sleep 600." + marker + "2 &) & sleep 600." + marker + "3 & sleep 1; ";
    }

    private static void assertNothingLeft(String marker) throws Exception {
        String self = Long.toString(ProcessHandle.current().pid());
        List<String> left = new ArrayList<>();
        List<String> zombies = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(proc.resolve("cmdline")).contains(marker)) {
                        left.add(proc.getFileName() + " " + Files.readString(proc.resolve("cmdline")).replace('\0', ' '));
                    }
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (fields[0].equals("Z") && fields[1].equals(self)) {
                        zombies.add(stat);
                    }
                } catch (java.io.IOException gone) {
                    // Ended while listed.
                }
            }
        }
        assertThat(left).as("processes of the command after its run").isEmpty();
        assertThat(zombies).as("unreaped children of this process").isEmpty();
    }

    @Test
    void outputBeyondTheCapIsCut() throws Exception {
        ConfinedCommand.Result result = ConfinedCommand.run(policy(), List.of("head", "-c", "3000000", "/dev/zero"),
                new ConfinedCommand.Limits(Duration.ofSeconds(20), 1000, UnixUser.named("nobody")));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).hasSize(1000);
        assertThat(result.truncated()).isTrue();
    }
}
