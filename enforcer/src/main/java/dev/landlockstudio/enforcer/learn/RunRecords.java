package dev.landlockstudio.enforcer.learn;

import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_CLOEXEC;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_RDONLY;

import com.sun.jna.LastErrorException;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.enforcer.audit.KernelLog;
import dev.landlockstudio.enforcer.sandbox.OwnedTemporaryDirectories;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import dev.landlockstudio.enforcer.syscall.LibC;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The kernel's records of one run's domains, read from the kernel log once they are all there. The kernel prints them
 * in order, but after the denial, so a run's end says nothing; a sentinel does: after the run, a fresh thread of this
 * process is denied a read of a file of its own, and every record logged before the sentinel's is complete. The run's
 * domains are those this process created (their allocation names its pid), the sentinel's apart.
 */
final class RunRecords {

    private static final Pattern ALLOCATED = Pattern.compile("domain=([0-9a-f]+) status=allocated \\S+ pid=(\\d+) ");
    private static final Pattern DOMAIN = Pattern.compile(" domain=([0-9a-f]+) ");
    private static final long WAIT_MS = 10_000;

    /** The records of the run, and whether the kernel said it dropped some (its rate limit, audit's backlog). */
    record Records(String text, boolean lost) {
    }

    private RunRecords() {
    }

    /** Everything the run's domains logged since {@code kmsg} was opened (or last read), once the sentinel is seen. */
    static Records after(KernelLog kmsg, int abi) throws Exception {
        Path directory = OwnedTemporaryDirectories.create(StraceRecorder.PREFIX);
        try {
            Path sentinel = Files.writeString(directory.resolve("sentinel"), "");
            deny(sentinel, abi);
            String marker = "path=\"" + sentinel + "\"";
            StringBuilder messages = new StringBuilder();
            long deadline = System.currentTimeMillis() + WAIT_MS;
            while (!messages.toString().contains(marker)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the kernel logged no record of the sentinel read within " + WAIT_MS
                            + " ms: is audit on, and does no audit daemon take the records?");
                }
                Thread.sleep(20);
                messages.append(kmsg.readNew());
            }
            return ours(messages.toString(), marker, kmsg.overwritten());
        } finally {
            Files.deleteIfExists(directory.resolve("sentinel"));
            Files.deleteIfExists(directory);
        }
    }

    /** A read the kernel denies, on a fresh thread restricted to nothing: the JVM's own domain logs it (same exec). */
    private static void deny(Path sentinel, int abi) throws Exception {
        Ruleset ruleset = Compiler.compile(PolicyReader.read("{\"name\": \"sentinel\", \"abi\": " + abi + ","
                + " \"handledAccessFs\": [\"read_file\"], \"handledAccessNet\": [], \"scoped\": []}").resolved(),
                Target.NATIVE, abi).ruleset();
        String path = sentinel.toString();
        RestrictedThread.run(ruleset, () -> {
            try {
                LibC.INSTANCE.close(LibC.INSTANCE.open(path, O_RDONLY | O_CLOEXEC, 0));
                throw new IllegalStateException("the sentinel read was allowed");
            } catch (LastErrorException e) {
                return e.getErrorCode();
            }
        });
    }

    private static Records ours(String messages, String sentinelMarker, boolean overwritten) {
        String pid = Long.toString(ProcessHandle.current().pid());
        Set<String> domains = new HashSet<>();
        Matcher allocated = ALLOCATED.matcher(messages);
        while (allocated.find()) {
            if (allocated.group(2).equals(pid)) {
                domains.add(allocated.group(1));
            }
        }
        messages.lines().filter(line -> line.contains(sentinelMarker)).forEach(line -> {
            Matcher domain = DOMAIN.matcher(line);
            if (domain.find()) {
                domains.remove(domain.group(1));
            }
        });
        String text = messages.lines().filter(line -> {
            Matcher domain = DOMAIN.matcher(line);
            return domain.find() && domains.contains(domain.group(1));
        }).collect(Collectors.joining("\n"));
        boolean lost = overwritten || messages.contains("callbacks suppressed") || messages.contains("audit_lost=")
                || messages.contains("backlog limit exceeded");
        return new Records(text, lost);
    }
}
