package dev.landlockstudio.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.enforcer.host.HostInspector;
import dev.landlockstudio.enforcer.host.HostReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostInspectorTest {

    @Test
    void reportsTheKernelAndItsLandlockAbi() throws Exception {
        HostReport host = HostInspector.inspect();
        assertThat(host.kernel()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        EnforcerTestSupport.requireLandlock();
        assertThat(host.abi()).isBetween(1, 64);
        assertThat(host.landlockUnavailable()).isNull();
        assertThat(host.errata()).isNotNull().isNotNegative();
    }

    @Test
    void reportsWhetherOverlayFsCanBeMounted() {
        HostReport host = HostInspector.inspect();
        assertThat(host.overlayMountable()).isEqualTo(host.overlay() == null);
        EnforcerTestSupport.require(host.overlayMountable(), "OverlayFS cannot be mounted here: " + host.overlay());
        assertThat(host.overlay()).isNull();
    }
}
