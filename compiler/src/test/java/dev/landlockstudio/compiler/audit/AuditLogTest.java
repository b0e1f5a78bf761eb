package dev.landlockstudio.compiler.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.landlockstudio.compiler.abi.RightKind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditLogTest {

    private static Denial only(String line) {
        AuditLog log = AuditLog.read(line);
        assertThat(log.ignored()).as("ignored").isEmpty();
        assertThat(log.denials()).hasSize(1);
        return log.denials().get(0);
    }

    @Test
    void kernelLogLinesAsThisHostWritesThem() {
        AuditLog log = AuditLog.read("""
                [  812.331] audit: type=1423 audit(1764824400.120:2): domain=197a34e62 blockers=fs.read_file path="/root/.bashrc" dev="vda" ino=4006
                [  812.331] audit: type=1424 audit(1764824400.120:2): domain=197a34e62 status=allocated mode=enforcing pid=19744 uid=0 exe="/usr/bin/cat" comm="cat"
                [  812.340] audit: type=1424 audit(1764824400.130:3): domain=197a34e62 status=deallocated denials=1
                """);
        assertThat(log.ignored()).isEmpty();
        assertThat(log.denials()).containsExactly(
                new Denial(1, "197a34e62", RightKind.FS, List.of("read_file"), "/root/.bashrc", null, null));
        assertThat(log.domains()).containsExactly(
                new DomainStatus(2, "197a34e62", "allocated", "/usr/bin/cat", "cat"),
                new DomainStatus(3, "197a34e62", "deallocated", null, null));
    }

    @Test
    void auditLogLinesWithTheNumberOrTheNameAndJournalLines() {
        String fields = " domain=195ba459b blockers=fs.truncate path=\"/var/log/app/x.log\" dev=\"vda2\" ino=12";
        for (String prefix : List.of("type=UNKNOWN[1423] msg=audit(1729738800.268:30):",
                "type=LANDLOCK_ACCESS msg=audit(1729738800.268:30):",
                "Dec 04 05:09:12 host kernel: audit: type=1423 audit(1729738800.268:30):",
                "6,1234,812331,-;audit: type=1423 audit(1729738800.268:30):")) {
            assertThat(only(prefix + fields)).as(prefix)
                    .isEqualTo(new Denial(1, "195ba459b", RightKind.FS, List.of("truncate"), "/var/log/app/x.log", null, null));
        }
    }

    @Test
    void journalLinesOfBothTransportsInEveryOutputShape() throws Exception {
        // journalctl -k and -t audit, as short, short-iso, short-monotonic, cat, json, verbose, export and json-pretty,
        // with the journal's own lines.
        String text;
        try (InputStream in = AuditLogTest.class.getResourceAsStream("/audit/journal.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        AuditLog log = AuditLog.read(text);
        assertThat(log.denials()).containsExactly(
                new Denial(2, "1a6fb3c21", RightKind.FS, List.of("truncate"), "/var/log/app/app.log", null, null),
                new Denial(4, "1a6fb3c21", RightKind.FS, List.of("read_file"), "/etc/app/secret", null, null),
                new Denial(5, "1a6fb3c21", RightKind.NET, List.of("connect_tcp"), null, 5432, null),
                new Denial(7, "1a6fb3c21", RightKind.FS, List.of("make_reg"), "/var/lib/app", null, null),
                new Denial(9, "1a6fb3c21", RightKind.SCOPE, List.of("signal"), null, null, "pid 1 (systemd)"),
                new Denial(10, "1a6fb3c21", RightKind.FS, List.of("write_file"), "/srv/data/out", null, null),
                new Denial(11, "1a6fb3c21", RightKind.FS, List.of("read_dir"), "/srv/data", null, null),
                new Denial(12, "1a6fb3c21", RightKind.NET, List.of("bind_tcp"), null, 8080, null),
                new Denial(17, "1a6fb3c21", RightKind.FS, List.of("remove_file"), "/srv/data", null, null),
                new Denial(18, "1a6fb3c21", RightKind.FS, List.of("make_dir"), "/srv/data", null, null),
                new Denial(19, "1a6fb3c21", RightKind.FS, List.of("execute"), "/srv/data/tool", null, null));
        assertThat(log.domains()).containsExactly(
                new DomainStatus(3, "1a6fb3c21", "allocated", "/usr/bin/python3.11", "app"),
                new DomainStatus(6, "1a6fb3c21", "allocated", "/usr/bin/python3.11", "app"));
        assertThat(log.ignored()).extracting(Ignored::line, Ignored::reason).containsExactly(
                tuple(1, "unknown shape: no audit record type (type=…)"),
                tuple(8, "not a Landlock record (type SYSCALL)"),
                tuple(13, "a journal entry whose MESSAGE is not text (journalctl gives one that is not UTF-8 as bytes)"),
                tuple(14, "unknown shape: no audit record type (type=…)"),
                tuple(15, "not a Landlock record (type AUDIT1334)"),
                tuple(16, "truncated: the value of path has no closing quote"),
                tuple(20, "unknown shape: no audit record type (type=…)"));
        assertThat(AuditLog.read("{\"MESSAGE\": \"audit: type=1423").ignored()).extracting(Ignored::reason)
                .containsExactly("unknown shape: a line starting with { that is not a journal entry in JSON");
    }

    @Test
    void severalBlockersInOneRecordAndHexPaths() {
        // The kernel documentation's link example; a path with a space is logged as hex.
        assertThat(only("type=UNKNOWN[1423] msg=audit(1.2:3): domain=195ba459b blockers=fs.make_reg,fs.refer"
                + " path=\"/usr/local\" dev=\"vda2\" ino=365").rights()).containsExactly("make_reg", "refer");
        assertThat(only("audit: type=1423 audit(1.2:3): domain=1 blockers=fs.read_file path=2F746D702F6120622E747874"
                + " dev=\"vda\" ino=7").path()).isEqualTo("/tmp/a b.txt");
    }

    @Test
    void networkAndScopeRecords() {
        assertThat(only("audit: type=1423 audit(1.2:3): domain=195ba459b blockers=net.connect_tcp daddr=127.0.0.1 dest=8080"))
                .isEqualTo(new Denial(1, "195ba459b", RightKind.NET, List.of("connect_tcp"), null, 8080, null));
        assertThat(only("audit: type=1423 audit(1.2:3): domain=195ba459b blockers=net.bind_tcp saddr=0.0.0.0 src=9000").port())
                .isEqualTo(9000);
        assertThat(only("type=LANDLOCK_ACCESS msg=audit(1729738800.291:31): domain=195ba459b blockers=scope.signal opid=1"
                + " ocomm=\"systemd\"")).isEqualTo(new Denial(1, "195ba459b", RightKind.SCOPE, List.of("signal"), null, null,
                "pid 1 (systemd)"));
        assertThat(only("type=LANDLOCK_ACCESS msg=audit(1729738800.268:30): domain=195ba459b"
                + " blockers=scope.abstract_unix_socket path=00666F6F").peer()).isEqualTo("@foo");
    }

    @Test
    void otherLinesAreIgnoredWithTheirLineAndReason() {
        AuditLog log = AuditLog.read(String.join("\n",
                "type=SYSCALL msg=audit(1.2:3): arch=c000003e syscall=257 success=no exit=-13",
                "",
                "hello world",
                "audit: type=1423 audit(1.2:3): domain=1 blockers=fs.read_file path=\"/etc/pass",
                "audit: type=1423 audit(1.2:3",
                "audit: type=1423 audit(1.2:3): domain=1",
                "audit: type=1423 audit(1.2:3): domain=1 blockers=ptrace opid=1 ocomm=\"init\"",
                "audit: type=1423 audit(1.2:3): domain=1 blockers=fs.write_file path=\"pipe:[42]\" dev=\"pipefs\" ino=42",
                "audit: type=1423 audit(1.2:3): domain=1 blockers=net.connect_tcp daddr=::1 dest=http"));
        assertThat(log.denials()).isEmpty();
        assertThat(log.ignored()).extracting(Ignored::line).containsExactly(1, 3, 4, 5, 6, 7, 8, 9);
        assertThat(log.ignored()).extracting(Ignored::reason).containsExactly(
                "not a Landlock record (type SYSCALL)",
                "unknown shape: no audit record type (type=…)",
                "truncated: the value of path has no closing quote",
                "truncated: the audit(…) stamp does not end",
                "truncated or unknown shape: no blockers field",
                "blocker 'ptrace' is no right a policy grants (ptrace and mount changes are denied to every domain)",
                "the path 'pipe:[42]' is not absolute (a pipe, socket or anonymous file takes no rule)",
                "the port 'http' is not a number from 0 to 65535");
    }
}
