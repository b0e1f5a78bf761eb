package dev.landlockstudio.enforcer.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.lowering.RulesetStatus;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one trial entry point, live on this kernel: its refusals and the status of what it applies. */
class TrialTest {

    /** Best effort: reads under /srv, and TCP binds (ABI 4) only on 8080. */
    private static final ResolvedPolicy BEST_EFFORT = policy("best_effort");

    private static ResolvedPolicy policy(String compatibility) {
        return PolicyReader.read("{\"name\": \"t\", \"compatibility\": \"" + compatibility + "\", \"handledAccessFs\":"
                + " [\"read_file\"], \"handledAccessNet\": [\"bind_tcp\"], \"pathBeneath\": [{\"paths\": [\"/srv\"],"
                + " \"allowedAccess\": [\"read_file\"]}], \"netPort\": [{\"ports\": [8080], \"allowedAccess\": [\"bind_tcp\"]}]}")
                .resolved();
    }

    private static TrialMode.Scratch scratch(String... specs) {
        return new TrialMode.Scratch(List.of(specs).stream().map(ProbeSpec::parse).toList());
    }

    @Test
    void anAbiAboveTheHostsOrBelowTheOldestIsRefused() {
        int host = EnforcerTestSupport.abi();
        for (int abi : new int[] {host + 1, AbiTable.oldest() - 1}) {
            assertThatThrownBy(() -> Trial.prepare(BEST_EFFORT, scratch(), abi)).isInstanceOfSatisfying(TrialRefused.class,
                    e -> assertThat(e.reason()).isEqualTo(TrialRefused.Reason.ABI_OUT_OF_RANGE))
                    .hasMessageContaining("ABI " + abi + " cannot be tried here")
                    .hasMessageContaining("from " + AbiTable.oldest() + " to " + host);
        }
    }

    @Test
    void aHardRequirementTheAbiCannotMeetIsRefusedWithWhatCannotBeExpressed() {
        EnforcerTestSupport.requireLandlock();
        assertThatThrownBy(() -> Trial.prepare(policy("hard_requirement"), scratch(), 3))
                .isInstanceOfSatisfying(TrialRefused.class, e -> {
                    assertThat(e.reason()).isEqualTo(TrialRefused.Reason.HARD_REQUIREMENT);
                    assertThat(e.abi()).isEqualTo(3);
                })
                .hasMessageStartingWith("refused: the policy is a hard requirement that ABI 3 cannot meet: ")
                .hasMessageContaining("/handledAccessNet/0: bind_tcp needs ABI 4");
    }

    @Test
    void whatEachAbiEnforcesReachesTheCallerAsAStatus() throws Exception {
        EnforcerTestSupport.requireLandlock();
        Trial full = Trial.prepare(BEST_EFFORT, scratch("read_file:/srv/f", "bind_tcp:8081"), null);
        assertThat(full.status()).isEqualTo(RulesetStatus.FULLY_ENFORCED);
        assertThat(full.abi()).isEqualTo(EnforcerTestSupport.abi());
        List<TrialRow> rows = new ArrayList<>();
        assertThat(full.run(rows::add)).isEqualTo(new Trial.Probed(2, 0));
        assertThat(rows).extracting(TrialRow::actual).containsExactly("allowed", "EACCES");

        Trial partial = Trial.prepare(BEST_EFFORT, scratch("bind_tcp:8081"), 3);
        assertThat(partial.status()).isEqualTo(RulesetStatus.PARTIALLY_ENFORCED);
        assertThat(partial.describeStatus()).startsWith("partially enforced at ABI 3").contains("bind_tcp needs ABI 4");
        rows.clear();
        partial.run(rows::add);
        assertThat(rows).extracting(TrialRow::actual).as("binds are not restricted at ABI 3").containsExactly("allowed");
    }

    /** What a progress bar needs: the count comes before the first row, and every probe is then a row or left out. */
    @Test
    void theListenerHearsHowManyProbesComeBeforeTheFirstAndEachOneAfter() throws Exception {
        EnforcerTestSupport.requireLandlock();
        // A port in use: the unrestricted bind fails, so the probe says nothing about Landlock and is left out.
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Trial trial = Trial.prepare(BEST_EFFORT, scratch("read_file:/srv/f", "bind_tcp:" + taken.getLocalPort(),
                    "read_file:/etc/hosts"), null);
            List<String> heard = new ArrayList<>();
            Trial.Result result = trial.run(new TrialListener() {
                @Override
                public void planned(int probes) {
                    heard.add("planned " + probes);
                }

                @Override
                public void row(TrialRow row) {
                    heard.add("row " + row.probe());
                }

                @Override
                public void leftOut() {
                    heard.add("left out");
                }
            });
            assertThat(heard).containsExactly("planned 3", "row read_file /srv/f", "left out", "row read_file /etc/hosts");
            assertThat(result).isEqualTo(new Trial.Probed(2, 0));
        }
    }

    @Test
    void nothingEnforcedIsShownAsSuchAndTriedAsSuch() throws Exception {
        EnforcerTestSupport.requireLandlock();
        Trial soft = Trial.prepare(policy("soft_requirement"), scratch("read_file:/etc/hosts", "bind_tcp:8081"), 3);
        assertThat(soft.status()).isEqualTo(RulesetStatus.NOT_ENFORCED);
        assertThat(soft.describeStatus()).startsWith("not enforced at ABI 3: nothing is restricted").contains("bind_tcp needs ABI 4");
        List<TrialRow> rows = new ArrayList<>();
        assertThat(soft.run(rows::add)).isEqualTo(new Trial.Probed(2, 0));
        assertThat(rows).extracting(TrialRow::actual).containsExactly("allowed", "allowed");
    }

    @Test
    void theHostsOwnPathsTakeOnlyProbesThatChangeNothing(@org.junit.jupiter.api.io.TempDir Path dir) {
        AccessRequest make = AccessRequest.onPath(Operation.MAKE_DIR, dir.resolve("x").toString());
        assertThatThrownBy(() -> new TrialMode.Host(List.of(make))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("make_dir changes what it touches");
        assertThat(Files.exists(dir.resolve("x"))).isFalse();
        assertThat(new TrialMode.Host(List.of(AccessRequest.onPath(Operation.READ_DIR, dir.toString()))).given()).hasSize(1);
    }
}
