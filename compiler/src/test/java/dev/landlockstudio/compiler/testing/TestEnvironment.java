package dev.landlockstudio.compiler.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where tests find shared material, and how they treat a capability this machine lacks. */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    /** True in CI, where every capability a test needs must be present. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Continues only if {@code available}. Elsewhere a missing capability skips the test with the reason; in CI it
     * fails it, because CI machines have everything and a skip there would hide a broken setup.
     */
    public static void requireCapability(boolean available, String reason) {
        if (available) {
            return;
        }
        if (inCi()) {
            fail("CI=true but " + reason);
        }
        Assumptions.abort(reason);
    }

    /** The shared/ folder beside the checkout: upstream schemas and kernel headers. */
    public static Path sharedDir() {
        String configured = System.getProperty("landlockstudio.shared.dir");
        Path dir = Path.of(configured == null ? "../../shared" : configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("external"))) {
            fail("the shared material is missing: expected " + dir.resolve("external")
                    + " (the shared/ folder beside the checkout); set -Dlandlockstudio.shared.dir to point at it");
        }
        return dir;
    }

    /** The repository's examples/ folder. */
    public static Path examplesDir() {
        Path dir = Path.of("..", "examples").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            fail("examples/ not found at " + dir);
        }
        return dir;
    }
}
