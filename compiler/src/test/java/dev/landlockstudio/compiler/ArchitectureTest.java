package dev.landlockstudio.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.testing.ModuleArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void packagesFormNoCycleAndTheCompilerReachesNeitherUpwardsNorTheHost() {
        ModuleArchitecture compiler = ModuleArchitecture.of("dev.landlockstudio.compiler");
        assertThat(compiler.classCount()).isGreaterThan(50);
        compiler.packagesFreeOfCycles()
                .importsNothingFrom("dev.landlockstudio.enforcer..", "dev.landlockstudio.web..",
                        "dev.landlockstudio.benchmarks..", "org.springframework..", "com.sun.jna..");
    }
}
