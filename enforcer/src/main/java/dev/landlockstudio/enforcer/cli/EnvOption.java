package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.enforcer.command.CommandEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** The {@code --env NAME[=VALUE]} options of the commands that run a command: what they add to its minimal environment. */
final class EnvOption {

    private EnvOption() {
    }

    /** The variables the options add, a bare NAME taking this process's value; a bad one is a usage error. */
    static Map<String, String> environment(CommandLine.Model.CommandSpec spec, List<String> env) {
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
