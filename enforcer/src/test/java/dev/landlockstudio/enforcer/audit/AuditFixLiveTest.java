package dev.landlockstudio.enforcer.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.landlockstudio.compiler.audit.AuditLog;
import dev.landlockstudio.compiler.audit.Denial;
import dev.landlockstudio.compiler.audit.DenialGroup;
import dev.landlockstudio.compiler.audit.Remedies;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.report.Fix;
import dev.landlockstudio.compiler.report.JsonPatch;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop of {@code audit} on the real kernel: a confined command is denied a read, the kernel's own records of it
 * (read from /dev/kmsg) give the fix, and under the fixed policy the command succeeds with no denial logged.
 */
class AuditFixLiveTest {

    private static final Pattern ALLOCATED = Pattern.compile("domain=([0-9a-f]+) status=allocated \\S+ pid=(\\d+) ");
    private static final Pattern DOMAIN = Pattern.compile(" domain=([0-9a-f]+) ");
    private static final long RECORD_WAIT_MS = 10_000;

    @TempDir
    Path dir;

    @Test
    void theKernelsDenialRecordsGiveTheFixThatLiftsThem() throws Exception {
        EnforcerTestSupport.requireDenialRecords();
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(data.resolve("config"), "level=debug\n");
        Path sentinel = Files.writeString(dir.resolve("sentinel"), "never read\n");
        // The unprivileged user the command runs as must reach the files; Landlock, not permissions, is under test.
        for (Path p : List.of(dir, data)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : List.of(config, sentinel)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        String policy = ("{'name': 'audit-live', 'abi': 7, 'handledAccessNet': [], 'restrictSelf': ['log_new_exec_on'],"
                + " 'pathBeneath': [{'paths': ['/usr', '/bin', '/lib', '/lib64', '/etc'], 'allowedAccess': ['abi.read_execute'],"
                + " 'ifMissing': 'skip'}, {'paths': [DATA], 'allowedAccess': ['read_dir']}]}")
                .replace('\'', '"').replace("DATA", Json.MAPPER.writeValueAsString(data.toString()));

        // Other Landlock users' denials are logged too while audit is on: without the rate limit, none of ours is dropped.
        try (AuditSwitch audit = AuditSwitch.on(); PrintkRateLimit limit = PrintkRateLimit.lifted();
             KernelLog kmsg = new KernelLog()) {
            ConfinedCommand.Result denied = run(policy, config);
            assertThat(denied.exitCode()).as(denied.stderr()).isEqualTo(1);
            AuditLog log = AuditLog.read(recordsOfThisProcess(kmsg, config));
            assertThat(log.ignored()).isEmpty();
            assertThat(log.denials()).extracting(Denial::path, Denial::rights).contains(tuple(config.toString(), List.of("read_file")));

            DenialGroup group = Remedies.of(PolicyReader.read(policy), FsView.empty(), log.denials()).stream()
                    .filter(g -> config.toString().equals(g.path())).findFirst().orElseThrow();
            assertThat(group.denied()).isTrue();
            assertThat(group.fix()).isEqualTo(new Fix("grant read_file on /pathBeneath/1 (" + data + ")",
                    List.of(Fix.Operation.add("/pathBeneath/1/allowedAccess/-", "read_file"))));

            String fixed = JsonPatch.apply(policy, group.fix());
            ConfinedCommand.Result allowed = run(fixed, config);
            assertThat(allowed.exitCode()).as(allowed.stderr()).isZero();
            assertThat(allowed.stdout()).isEqualTo("level=debug\n");
            // A denied read after it proves that the log is flowing: a record of the fixed run would come before it.
            ConfinedCommand.Result after = run(fixed, sentinel);
            assertThat(after.exitCode()).isEqualTo(1);
            assertThat(AuditLog.read(recordsOfThisProcess(kmsg, sentinel)).denials()).extracting(Denial::path)
                    .containsOnly(sentinel.toString());
        }
    }

    private static ConfinedCommand.Result run(String policy, Path file) throws Exception {
        return ConfinedCommand.run(Compiler.compile(PolicyReader.read(policy).resolved(), Target.NATIVE, 7).ruleset(),
                List.of("cat", file.toString()), ConfinedCommand.Limits.DEFAULT);
    }

    /**
     * The records logged since the last read by domains this process made (their allocation names its pid), once one
     * names {@code path}: the kernel logs asynchronously, after the command may have ended.
     */
    private static String recordsOfThisProcess(KernelLog kmsg, Path path) throws InterruptedException {
        String pid = Long.toString(ProcessHandle.current().pid());
        StringBuilder messages = new StringBuilder();
        long deadline = System.currentTimeMillis() + RECORD_WAIT_MS;
        while (!messages.toString().contains("path=\"" + path + "\"")) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no record of " + path + " in the kernel log within " + RECORD_WAIT_MS
                        + " ms; what came:\n" + messages);
            }
            Thread.sleep(50);
            messages.append(kmsg.readNew());
        }
        Set<String> ours = new HashSet<>();
        Matcher allocated = ALLOCATED.matcher(messages);
        while (allocated.find()) {
            if (allocated.group(2).equals(pid)) {
                ours.add(allocated.group(1));
            }
        }
        return messages.toString().lines().filter(line -> {
            Matcher domain = DOMAIN.matcher(line);
            return domain.find() && ours.contains(domain.group(1));
        }).collect(Collectors.joining("\n"));
    }
}
