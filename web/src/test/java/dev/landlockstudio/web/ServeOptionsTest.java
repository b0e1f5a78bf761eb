package dev.landlockstudio.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeOptionsTest {

    /** What serve's command-line definition makes of the arguments, or empty when it refuses them or answers help. */
    private static Optional<ServeOptions> asTheCommandReadsThem(List<String> args) {
        ServeCommand command = new ServeCommand();
        CommandLine commandLine = new CommandLine(command);
        try {
            CommandLine.ParseResult parsed = commandLine.parseArgs(args.toArray(String[]::new));
            if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
                return Optional.empty();
            }
        } catch (CommandLine.ParameterException e) {
            return Optional.empty();
        }
        return Optional.of(new ServeOptions(command.port, command.address, command.dataDir, command.springArguments));
    }

    @Test
    void whatIsReadPlainlyIsWhatTheCommandReads() {
        List<List<String>> lines = List.of(
                List.of(),
                List.of("--port", "8080"),
                List.of("--port=0", "--address", "0.0.0.0", "--data-dir", "/var/lib/landlock-studio"),
                List.of("--data-dir=rel/dir", "--spring.profiles.active=postgres", "--landlock-studio.commands-enabled=true"),
                List.of("--address=::1", "--server.shutdown=graceful", "--port", "65535"));
        for (List<String> line : lines) {
            assertThat(ServeOptions.readPlain(line)).as("%s", line).isPresent().isEqualTo(asTheCommandReadsThem(line));
        }
    }

    @Test
    void anythingElseIsLeftToTheCommandsHelpAndMessages() {
        List<List<String>> lines = List.of(
                List.of("--help"), List.of("-h"), List.of("--version"), List.of("-V"),
                List.of("--port"), List.of("--port", "x"), List.of("--port", "-1"), List.of("--port=", "1"),
                List.of("--port", "1", "--port", "2"), List.of("--data-dir"), List.of("stray"),
                List.of("--unknown"), List.of("-p", "1"), List.of("--=x"));
        for (List<String> line : lines) {
            assertThat(ServeOptions.readPlain(line)).as("%s", line).isEmpty();
        }
    }

    @Test
    void theOptionsBecomeTheSpringPropertiesTheySet() {
        ServeOptions options = ServeOptions.readPlain(List.of("--spring.profiles.active=postgres", "--port", "9", "--address",
                "0.0.0.0", "--data-dir", "some/where")).orElseThrow();
        assertThat(options.asSpringArguments()).containsExactly("--spring.profiles.active=postgres", "--server.port=9",
                "--server.address=0.0.0.0", "--landlock-studio.data-dir=" + Path.of("some/where").toAbsolutePath());
    }
}
