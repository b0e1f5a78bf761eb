package dev.landlockstudio.compiler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Builds the c target's programs as users are told to: gcc -Wall -Werror. */
public final class Gcc {

    private Gcc() {
    }

    /** Writes {@code source} beside {@code binary} and builds it; skips (fails in CI) when gcc is missing. */
    public static Path build(String source, Path binary) throws Exception {
        TestEnvironment.requireCapability(Stream.of("/usr/bin/gcc", "/usr/local/bin/gcc").anyMatch(p -> Files.isExecutable(Path.of(p))),
                "gcc is not installed (bin/test installs it)");
        Path c = binary.resolveSibling(binary.getFileName() + ".c");
        Files.writeString(c, source);
        Process gcc = new ProcessBuilder("gcc", "-Wall", "-Werror", "-O2", "-o", binary.toString(), c.toString())
                .redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0).as("gcc -Wall -Werror %s:%n%s", c, out).isTrue();
        return binary;
    }
}
