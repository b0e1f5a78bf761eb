package dev.landlockstudio.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void packagesFormNoCycleAndTheWebAppReachesNothingAboveIt() {
        ModuleArchitecture web = ModuleArchitecture.of("dev.landlockstudio.web");
        assertThat(web.classCount()).isGreaterThan(40);
        web.packagesFreeOfCycles()
                .importsNothingFrom("dev.landlockstudio.benchmarks..", "dev.landlockstudio.ui..");
    }
}
