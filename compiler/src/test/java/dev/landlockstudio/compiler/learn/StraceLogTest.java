package dev.landlockstudio.compiler.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.landlockstudio.compiler.audit.Ignored;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StraceLogTest {

    static String fixture(String name) throws IOException {
        try (InputStream in = StraceLogTest.class.getResourceAsStream("/learn/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void callsAreSplitAtTheirTopLevelCommasAndUnfinishedHalvesJoinTheirResumption() throws IOException {
        StraceLog log = StraceLog.read(fixture("shapes.strace"));

        Syscall connect = log.syscalls().stream().filter(c -> c.name().equals("connect")).findFirst().orElseThrow();
        assertThat(connect.pid()).isEqualTo(200);
        assertThat(connect.args()).hasSize(3);
        assertThat(connect.arg(1)).startsWith("{sa_family=AF_INET6").endsWith("sin6_scope_id=0}");
        assertThat(connect.result()).isEqualTo("-1 EINPROGRESS (Operation now in progress)");
        assertThat(connect.succeeded()).isTrue();
        Syscall mkdir = log.syscalls().stream().filter(c -> c.name().equals("mkdir")).findFirst().orElseThrow();
        assertThat(mkdir.args()).containsExactly("\"/srv/app/out\"", "0777");
        assertThat(mkdir.line()).isEqualTo(7);
        Syscall unlinkat = log.syscalls().stream().filter(c -> c.name().equals("unlinkat")).findFirst().orElseThrow();
        assertThat(StraceText.descriptorPath(unlinkat.arg(0))).isEqualTo("/srv/app");
        Syscall naive = log.syscalls().stream().filter(c -> c.name().equals("openat")).findFirst().orElseThrow();
        assertThat(StraceText.string(naive.arg(1))).isEqualTo("/srv/app/naïve \"x\"");
        assertThat(naive.returned()).isEqualTo(6);
    }

    @Test
    void linesThatAreNoSystemCallAreIgnoredWithTheirReasonAndNotesArePassedOver() throws IOException {
        StraceLog log = StraceLog.read(fixture("shapes.strace"));

        assertThat(log.ignored()).extracting(Ignored::line, Ignored::reason).containsExactly(
                tuple(17, "unknown shape: no system call name and '(' at the start"),
                tuple(18, "truncated: a string does not end"),
                tuple(19, "resumed: no unfinished read of process 201 before it"));
        assertThat(log.syscalls()).extracting(Syscall::name).doesNotContain("exited", "SIGCHLD");
    }

    @Test
    void aCallThatNeverResumesIsIgnored() {
        StraceLog log = StraceLog.read("7 openat(AT_FDCWD, \"/a\", O_RDONLY <unfinished ...>\n");

        assertThat(log.syscalls()).isEmpty();
        assertThat(log.ignored()).singleElement().extracting(Ignored::reason).asString().startsWith("unfinished");
    }

    @Test
    void recordingsWithoutAPidColumnAreReadToo() {
        StraceLog log = StraceLog.read("openat(AT_FDCWD, \"/etc/hosts\", O_RDONLY) = 3</etc/hosts>\n");

        assertThat(log.syscalls()).singleElement().satisfies(c -> {
            assertThat(c.pid()).isZero();
            assertThat(c.returnedDescriptor()).isEqualTo("/etc/hosts");
        });
        assertThat(log.ignored()).isEmpty();
    }
}
