package dev.landlockstudio.compiler.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.audit.Ignored;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingTest {

    private static List<String> fs(Access access) {
        return AbiTable.names(RightKind.FS, access.rights());
    }

    @Test
    void opensExecsAndDirectoryReadsAreTheirRightsOnPathsResolvedAgainstTheWorkingDirectory() throws IOException {
        Recording recording = Recording.of(StraceLogTest.fixture("sh-tar.strace"), "/");

        assertThat(recording.accesses()).extracting(Access::syscall, Access::path, RecordingTest::fs).containsExactly(
                tuple("execve", "/usr/bin/sh", List.of("execute", "read_file")),
                tuple("openat", "/etc/ld.so.cache", List.of("read_file")),
                // strace -y names the file the kernel opened: the rule must be where the kernel checks.
                tuple("openat", "/usr/lib/x86_64-linux-gnu/libc.so.6", List.of("read_file")),
                tuple("execve", "/usr/bin/tar", List.of("execute", "read_file")),
                // The child inherited the shell's chdir; O_CREAT on a file not seen before may create it.
                tuple("openat", "/tmp/w", List.of("make_reg")),
                tuple("openat", "/tmp/w/a.tar", List.of("write_file", "truncate")),
                tuple("openat", "/tmp/w/src", List.of("read_dir")),
                tuple("getdents64", "/tmp/w/src", List.of("read_dir")),
                tuple("openat", "/tmp/w/src/f", List.of("read_file")));
        assertThat(recording.failed()).extracting(Failed::syscall, Failed::path, Failed::errno)
                .containsExactly(tuple("openat", "/nonexistent/.tarrc", "ENOENT"));
        assertThat(recording.created()).containsExactly("/tmp/w/a.tar");
        assertThat(recording.directories()).contains("/tmp/w", "/tmp/w/src");
        assertThat(recording.ignored()).isEmpty();
    }

    @Test
    void creationRemovalMovesAndSocketsAreTheirRightsOnTheDirectoryOrPort() throws IOException {
        Recording recording = Recording.of(StraceLogTest.fixture("shapes.strace"), "/");

        assertThat(recording.accesses()).extracting(Access::syscall, Access::path, Access::port, a -> AbiTable.names(a.kind(), a.rights()))
                .containsExactly(
                        tuple("bind", null, 8123, List.of("bind_tcp")),
                        tuple("connect", null, 443, List.of("connect_tcp")),
                        tuple("mkdir", "/srv/app", null, List.of("make_dir")),
                        tuple("renameat2", "/srv/app", null, List.of("remove_file", "refer")),
                        tuple("renameat2", "/srv/app/out", null, List.of("make_reg", "refer")),
                        tuple("unlinkat", "/srv/app", null, List.of("remove_file")),
                        tuple("symlink", "/srv/app/out", null, List.of("make_sym")),
                        tuple("mknodat", "/srv/app", null, List.of("make_fifo")),
                        tuple("openat", "/srv/app/naïve \"x\"", null, List.of("read_file")),
                        tuple("connect", "/run/app.sock", null, List.of("resolve_unix")),
                        tuple("openat", "/", null, List.of("make_reg")),
                        tuple("openat", "/newfile", null, List.of("write_file")));
        assertThat(recording.created()).contains("/srv/app/out", "/srv/app/out/data", "/srv/app/out/link", "/srv/app/fifo");
        assertThat(recording.removed()).containsExactlyInAnyOrder("/srv/app/tmp.1", "/srv/app/old");
        assertThat(recording.ignored()).extracting(Ignored::reason).contains(
                "a socket whose type the recording does not show (made before it, or without strace -y)",
                "unknown system call frobnicate: no mapping to Landlock rights");
    }

    @Test
    void aUdpConnectOrSendOnASocketNotBoundYetAlsoBindsPortZero() {
        // strace -yy shows an unbound UDP socket by its inode, a bound one by its address.
        Recording recording = Recording.of("""
                1 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 3<UDP:[2209357]>
                1 connect(3<UDP:[2209357]>, {sa_family=AF_INET, sin_port=htons(5353), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
                1 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 4<UDP:[2209358]>
                1 sendto(4<UDP:[2209358]>, "x", 1, 0, {sa_family=AF_INET, sin_port=htons(5354), sin_addr=inet_addr("127.0.0.1")}, 16) = 1
                1 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 5<UDP:[2209359]>
                1 bind(5<UDP:[2209359]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
                1 sendto(5<UDP:[127.0.0.1:45863]>, "x", 1, 0, {sa_family=AF_INET, sin_port=htons(5355), sin_addr=inet_addr("127.0.0.1")}, 16) = 1
                """, "/");

        assertThat(recording.accesses()).extracting(Access::syscall, Access::port, a -> AbiTable.names(a.kind(), a.rights()))
                .containsExactly(
                        tuple("connect", 5353, List.of("connect_send_udp")), tuple("connect", 0, List.of("bind_udp")),
                        tuple("sendto", 5354, List.of("connect_send_udp")), tuple("sendto", 0, List.of("bind_udp")),
                        tuple("bind", 0, List.of("bind_udp")), tuple("sendto", 5355, List.of("connect_send_udp")));

        // strace -y shows every socket by its inode: a bind(2) seen, or a first connect, says it is bound.
        Recording plain = Recording.of("""
                1 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 3<socket:[2213933]>
                1 connect(3<socket:[2213933]>, {sa_family=AF_INET, sin_port=htons(5353), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
                1 sendto(3<socket:[2213933]>, "x", 1, 0, {sa_family=AF_INET, sin_port=htons(5353), sin_addr=inet_addr("127.0.0.1")}, 16) = 1
                1 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 4<socket:[2213934]>
                1 bind(4<socket:[2213934]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
                1 sendto(4<socket:[2213934]>, "x", 1, 0, {sa_family=AF_INET, sin_port=htons(5355), sin_addr=inet_addr("127.0.0.1")}, 16) = 1
                """, "/");
        assertThat(plain.accesses()).extracting(Access::syscall, Access::port, a -> AbiTable.names(a.kind(), a.rights()))
                .containsExactly(
                        tuple("connect", 5353, List.of("connect_send_udp")), tuple("connect", 0, List.of("bind_udp")),
                        tuple("sendto", 5353, List.of("connect_send_udp")),
                        tuple("bind", 0, List.of("bind_udp")), tuple("sendto", 5355, List.of("connect_send_udp")));
    }

    @Test
    void anOpenWithCreateOfAFileSeenBeforeCreatesNothing() {
        Recording recording = Recording.of("""
                1 newfstatat(AT_FDCWD, "/var/log/app.log", {st_mode=S_IFREG|0644, st_size=3, ...}, 0) = 0
                1 openat(AT_FDCWD, "/var/log/app.log", O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC, 0666) = 3</var/log/app.log>
                """, "/");

        assertThat(recording.accesses()).extracting(Access::path, RecordingTest::fs)
                .containsExactly(tuple("/var/log/app.log", List.of("write_file")));
        assertThat(recording.created()).isEmpty();
    }

    @Test
    void recordingsMergeIntoOne() throws IOException {
        Recording one = Recording.of(StraceLogTest.fixture("sh-tar.strace"), "/");
        Recording two = Recording.of(StraceLogTest.fixture("shapes.strace"), "/");

        Recording both = Recording.merge(List.of(one, two));

        assertThat(both.accesses()).hasSize(one.accesses().size() + two.accesses().size());
        assertThat(both.created()).containsAll(one.created()).containsAll(two.created());
        assertThat(both.ignored()).hasSize(two.ignored().size());
    }
}
