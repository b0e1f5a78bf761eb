package dev.landlockstudio.compiler.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.NetPortRule;
import dev.landlockstudio.compiler.policy.PathBeneathRule;
import dev.landlockstudio.compiler.policy.PolicyReader;
import java.io.IOException;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ProposalTest {

    private static Proposal proposed(String fixture, int abi) throws IOException {
        return Proposal.of(Recording.of(StraceLogTest.fixture(fixture), "/"), "learned-sh", "tar", abi);
    }

    /** Each path rule as (paths, allowedAccess). */
    private static List<Tuple> pathRules(Proposal proposal) {
        return proposal.policy().pathBeneath().stream().map(r -> tuple(r.paths(), r.allowedAccess())).toList();
    }

    @Test
    void systemTreesAreReadExecuteAndTheProgramsOwnFilesFoldIntoTheDirectoryItWrites() throws IOException {
        Proposal proposal = proposed("sh-tar.strace", 7);

        assertThat(pathRules(proposal)).containsExactly(
                        tuple(List.of("/usr"), List.of("abi.read_execute")),
                        tuple(List.of("/etc/ld.so.cache"), List.of("read_file")),
                        // a.tar is created, so it cannot carry a rule; src was only read, beneath the directory written.
                        tuple(List.of("/tmp/w"), List.of("write_file", "read_file", "read_dir", "make_reg", "truncate")));
        assertThat(proposal.policy().netPort()).isNull();
        assertThat(proposal.policy().abi()).isEqualTo(7);
        assertThat(proposal.leftOut()).isEmpty();
        // What the document says is a valid policy.
        assertThat(PolicyReader.read(Json.write(proposal.policy())).resolved().name()).isEqualTo("learned-sh");
    }

    @Test
    void eachRuleCarriesItsEvidence() throws IOException {
        Proposal proposal = proposed("sh-tar.strace", 7);

        assertThat(proposal.rules()).extracting(RuleEvidence::pointer, RuleEvidence::on, RuleEvidence::source).containsExactly(
                tuple("/pathBeneath/0", List.of("/usr"), "recording"),
                tuple("/pathBeneath/1", List.of("/etc/ld.so.cache"), "recording"),
                tuple("/pathBeneath/2", List.of("/tmp/w"), "recording"));
        assertThat(proposal.rules().get(0).evidence()).containsExactly(
                "/usr: execve: execute, read_file ×2",
                "/usr: openat: read_file ×1",
                "/usr: 3 paths: /usr/bin/sh, /usr/lib/x86_64-linux-gnu/libc.so.6, /usr/bin/tar");
        assertThat(proposal.rules().get(2).evidence()).containsExactly(
                "/tmp/w: openat: make_reg ×1",
                "/tmp/w: openat: write_file, truncate ×1",
                "/tmp/w: openat: read_dir ×1",
                "/tmp/w: getdents64: read_dir ×1",
                "/tmp/w: openat: read_file ×1",
                "/tmp/w: 4 paths: /tmp/w, /tmp/w/a.tar, /tmp/w/src, /tmp/w/src/f");
    }

    @Test
    void nothingLandsOnTheRootAndRightsTheAbiLacksAreLeftOutAndSaid() throws IOException {
        Proposal proposal = proposed("shapes.strace", 7);

        assertThat(pathRules(proposal)).containsExactly(tuple(List.of("/srv/app"), List.of("read_file", "remove_file",
                "make_dir", "make_reg", "make_fifo", "make_sym", "refer")));
        assertThat(proposal.policy().pathBeneath()).flatExtracting(PathBeneathRule::paths).doesNotContain("/");
        assertThat(proposal.policy().netPort()).extracting(NetPortRule::ports, NetPortRule::allowedAccess).containsExactly(
                tuple(List.of(443), List.of("connect_tcp")), tuple(List.of(8123), List.of("bind_tcp")));
        assertThat(proposal.leftOut()).containsExactly(
                "resolve_unix on /run/app.sock (connect): ABI 7 has no such right",
                "openat: make_reg on /: it would need a rule on /",
                "openat: write_file on /newfile: it would need a rule on /");
    }

    @Test
    void whereTheAbiHasResolveUnixTheSocketGetsItsRule() throws IOException {
        Proposal proposal = proposed("shapes.strace", 9);

        assertThat(pathRules(proposal)).contains(tuple(List.of("/run/app.sock"), List.of("resolve_unix")));
    }

    @Test
    void aProcessesOwnProcDirectoryIsGrantedOnProcItselfWhichStaysStableAndCoversTheRestOfProc() {
        Proposal proposal = Proposal.of(Recording.of("""
                9 openat(AT_FDCWD, "/proc/self/status", O_RDONLY) = 3</proc/4242/status>
                9 openat(AT_FDCWD, "/proc/filesystems", O_RDONLY|O_CLOEXEC) = 3</proc/filesystems>
                """, "/"), "learned", null, 7);

        assertThat(pathRules(proposal)).containsExactly(tuple(List.of("/proc"), List.of("read_file")));
        assertThat(proposal.rules().get(0).evidence()).containsExactly("/proc: openat: read_file ×2",
                "/proc: 2 paths: /proc, /proc/filesystems");
    }

    @Test
    void intoAnExistingPolicyAddsOnlyWhatItDoesNotGrantAndSaysSo() throws IOException {
        PolicyReader.ReadPolicy existing = PolicyReader.read("""
                {"name": "mine", "abi": 7, "pathBeneath": [
                  {"paths": ["/usr", "/etc"], "allowedAccess": ["abi.read_execute"]},
                  {"paths": ["/tmp/w"], "allowedAccess": ["read_file", "write_file"]}]}
                """);

        Proposal proposal = proposed("sh-tar.strace", 7)
                .into(existing);

        assertThat(proposal.policy().name()).isEqualTo("mine");
        assertThat(pathRules(proposal)).containsExactly(
                        tuple(List.of("/usr", "/etc"), List.of("abi.read_execute")),
                        tuple(List.of("/tmp/w"), List.of("read_file", "write_file")),
                        tuple(List.of("/tmp/w"), List.of("read_dir", "make_reg", "truncate")));
        assertThat(proposal.rules()).extracting(RuleEvidence::pointer, RuleEvidence::on, RuleEvidence::source)
                .containsExactly(tuple("/pathBeneath/2", List.of("/tmp/w"), "recording, added"));
    }
}
