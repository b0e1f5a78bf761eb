package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.enforcer.command.CommandEnvironment;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import dev.landlockstudio.enforcer.command.UnixUser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of the commands that run a command contained: its timeout, user, output cap and added environment. */
final class RunOptions {

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "A command run: kill it after this long (default 30).")
    int timeoutSeconds;

    @Option(names = "--as-user", paramLabel = "NAME", defaultValue = "nobody",
            description = "A command run, as root: the user to run it as (default nobody).")
    String asUser;

    @Option(names = "--max-output", paramLabel = "BYTES", defaultValue = "1048576",
            description = "A command run: bytes kept of stdout and of stderr each (default 1 MiB).")
    int maxOutput;

    @Option(names = "--env", paramLabel = "NAME[=VALUE]",
            description = "A command run: add this variable to the command's minimal environment (PATH, HOME, LANG, TERM);"
                    + " NAME alone passes yours (repeatable).")
    List<String> env;

    ConfinedCommand.Limits limits() {
        return new ConfinedCommand.Limits(Duration.ofSeconds(timeoutSeconds), maxOutput, UnixUser.named(asUser));
    }

    /** The variables the options add, a bare NAME taking this process's value; a bad one is a usage error. */
    Map<String, String> environment(CommandLine.Model.CommandSpec spec) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String variable : env == null ? List.<String>of() : env) {
            try {
                CommandEnvironment.put(environment, variable, System::getenv);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--env " + variable + ": " + e.getMessage());
            }
        }
        return environment;
    }
}
