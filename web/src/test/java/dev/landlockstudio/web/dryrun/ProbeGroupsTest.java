package dev.landlockstudio.web.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.policy.PolicyReader;
import org.junit.jupiter.api.Test;

/** Where a dry run's probes go on its page, and how their cells read. */
class ProbeGroupsTest {

    private static final ProbeGroups GROUPS = ProbeGroups.of(PolicyReader.read("{\"name\": \"g\", \"abi\": 6,"
            + " \"handledAccessNet\": [\"bind_tcp\"], \"scoped\": [\"signal\"], \"pathBeneath\": ["
            + "{\"paths\": [\"/usr\", \"/srv/www\"], \"allowedAccess\": [\"read_file\"]},"
            + "{\"paths\": [\"/srv/www/uploads\"], \"allowedAccess\": [\"make_reg\"]}],"
            + " \"netPort\": [{\"ports\": [443], \"allowedAccess\": [\"bind_tcp\"]}]}").resolved());

    @Test
    void oneGroupPerRuleThenWhatNoRuleCovers() {
        assertThat(GROUPS.groups()).extracting(ProbeGroups.Group::key)
                .containsExactly("/pathBeneath/0", "/pathBeneath/1", "/netPort/0", "outside", "network", "scopes");
        assertThat(GROUPS.groups().get(0).title()).isEqualTo("/usr, /srv/www");
        assertThat(GROUPS.groups().get(0).about()).isEqualTo("/pathBeneath/0 allows read_file");
        assertThat(GROUPS.groups().get(2).title()).isEqualTo("port 443");
    }

    @Test
    void aProbeGoesToTheRuleWhosePathHoldsItMostClosely() {
        assertThat(GROUPS.place("read_file:/srv/www/index.html", "read_file /srv/www/index.html"))
                .isEqualTo(new ProbeGroups.Place("/pathBeneath/0", "read_file \u2026/www/index.html"));
        assertThat(GROUPS.place("make_reg:/srv/www/uploads/probe", "make_reg /srv/www/uploads/probe").group())
                .isEqualTo("/pathBeneath/1");
        assertThat(GROUPS.place("read_dir:/srv/www", "read_dir /srv/www").group()).isEqualTo("/pathBeneath/0");
        assertThat(GROUPS.place("read_file:/srv/wwwx/f", "read_file /srv/wwwx/f").group()).as("a sibling with the same start")
                .isEqualTo("outside");
        assertThat(GROUPS.place("rename:/usr/probe:/srv/www/uploads/probe-moved", "rename /usr/probe to /srv/www/uploads/probe-moved"))
                .isEqualTo(new ProbeGroups.Place("/pathBeneath/0", "rename /usr/probe \u2192 \u2026/uploads/probe-moved"));
    }

    @Test
    void portsAndScopesHaveTheirOwnGroupsAndTheOverlaysArrangementStays() {
        assertThat(GROUPS.place("bind_tcp:443", "bind_tcp port 443")).isEqualTo(new ProbeGroups.Place("/netPort/0", "bind_tcp 443"));
        assertThat(GROUPS.place("bind_tcp:1", "bind_tcp port 1").group()).isEqualTo("network");
        assertThat(GROUPS.place("signal", "signal outside the domain")).isEqualTo(new ProbeGroups.Place("scopes", "signal"));
        assertThat(GROUPS.place("read_file:/usr/probe", "rules on lower, via merged: read_file /usr/probe"))
                .isEqualTo(new ProbeGroups.Place("/pathBeneath/0", "rules on lower, via merged: read_file /usr/probe"));
    }
}
