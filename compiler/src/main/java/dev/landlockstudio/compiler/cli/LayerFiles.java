package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * The {@code --layer FILE} option of the commands that take a policy: the files holding the bases its {@code extends}
 * names, each known by its own {@code name}. A file that nothing extends is refused rather than left silently unused.
 */
public final class LayerFiles {

    @Option(names = "--layer", paramLabel = "FILE",
            description = "A base policy the policy's \"extends\" names (by the base's \"name\"); repeat for each base."
                    + " The bases are applied as rulesets of their own before the policy.")
    List<String> files = new ArrayList<>();

    /**
     * The stack of {@code policy} with its bases from the files; InvalidDocumentException for a base that is unknown,
     * invalid, in a cycle or beyond the kernel's 16 layers.
     */
    public PolicyStack stack(CommandLine.Model.CommandSpec spec, PolicyReader.ReadPolicy policy) {
        Map<String, String> byName = new LinkedHashMap<>();
        Map<String, String> fileOf = new HashMap<>();
        for (String file : files) {
            String text = Inputs.read(spec, file);
            String name = nameOf(spec, file, text);
            if (byName.put(name, text) != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--layer " + file + ": " + fileOf.get(name)
                        + " is named \"" + name + "\" too; give each base once");
            }
            fileOf.put(name, file);
        }
        PolicyStack stack = StackResolver.resolve(policy, name -> Optional.ofNullable(byName.get(name)));
        List<String> used = stack.layers().stream().map(PolicyStack.Layer::name).toList();
        for (Map.Entry<String, String> given : fileOf.entrySet()) {
            if (!used.contains(given.getKey())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--layer " + given.getValue() + ": \""
                        + given.getKey() + "\" is not among the bases the policy extends ("
                        + (used.size() == 1 ? "none" : String.join(", ", used.subList(0, used.size() - 1))) + ")");
            }
        }
        return stack;
    }

    private static String nameOf(CommandLine.Model.CommandSpec spec, String file, String text) {
        try {
            JsonNode name = Json.parse(text).get("name");
            if (name != null && name.isString()) {
                return name.stringValue();
            }
        } catch (InvalidDocumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--layer " + file + ": not a policy: "
                    + e.problems().get(0));
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--layer " + file
                + ": a base policy needs a \"name\", which is what \"extends\" refers to");
    }
}
