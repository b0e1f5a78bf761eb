package dev.landlockstudio.enforcer.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two users at once: the setting is changed by the first and put back after the last, once each. */
class HostSettingLeaseTest {

    @Test
    void theLastUserPutsItBackNotTheFirst() {
        List<String> done = new ArrayList<>();
        HostSettingLease lease = new HostSettingLease();
        lease.take(() -> {
            done.add("changed");
            return () -> done.add("put back");
        });
        lease.take(() -> {
            done.add("changed again");
            return () -> done.add("put back again");
        });
        lease.giveBack();
        assertThat(done).containsExactly("changed");
        lease.giveBack();
        assertThat(done).containsExactly("changed", "put back");

        lease.take(() -> {
            done.add("changed later");
            return () -> done.add("put back later");
        });
        lease.giveBack();
        assertThat(done).endsWith("changed later", "put back later");
    }
}
