package dev.landlockstudio.enforcer;

import static org.assertj.core.api.Assertions.fail;

import dev.landlockstudio.enforcer.host.HostInspector;
import dev.landlockstudio.enforcer.host.HostReport;
import org.junit.jupiter.api.Assumptions;

/** Live tests need Landlock: elsewhere they skip with the reason, in CI (CI=true) they fail. */
final class EnforcerTestSupport {

    static final HostReport HOST = HostInspector.inspect();

    private EnforcerTestSupport() {
    }

    static void requireLandlock() {
        require(HOST.abi() != null, "Landlock is unavailable here: " + HOST.landlockUnavailable());
    }

    static void require(boolean available, String reason) {
        if (available) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + reason);
        }
        Assumptions.abort(reason);
    }
}
