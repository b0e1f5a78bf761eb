package dev.landlockstudio.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void packagesFormNoCycleAndTheEnforcerReachesNothingAboveIt() {
        ModuleArchitecture enforcer = ModuleArchitecture.of("dev.landlockstudio.enforcer");
        assertThat(enforcer.classCount()).isGreaterThan(20);
        enforcer.packagesFreeOfCycles()
                .importsNothingFrom("dev.landlockstudio.web..", "dev.landlockstudio.benchmarks..", "org.springframework..");
    }
}
