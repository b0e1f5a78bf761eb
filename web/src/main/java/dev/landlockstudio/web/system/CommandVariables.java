package dev.landlockstudio.web.system;

import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.enforcer.command.CommandEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The variables a request gives a command, as its {@code env} list of NAME=VALUE. */
public final class CommandVariables {

    private CommandVariables() {
    }

    /**
     * Each NAME=VALUE of {@code env}; NAME alone would take the server's value, so it is refused, as is a bad name,
     * at {@code /env/N}.
     */
    public static Map<String, String> of(List<String> env) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = 0; i < env.size(); i++) {
            try {
                CommandEnvironment.put(environment, env.get(i), null);
            } catch (IllegalArgumentException e) {
                throw new InvalidDocumentException("/env/" + i, e.getMessage());
            }
        }
        return environment;
    }
}
