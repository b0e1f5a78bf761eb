package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.except.Excepts;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.layers.PolicyStack;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine;

/**
 * What a module that builds on the compiler adds to its command line, so that there is one program with one set of
 * conventions: subcommands (the enforcer's host and try), and a reader of the live host's filesystem for
 * {@code --host-view}.
 *
 * @param hostView null when this program cannot read the host
 */
public record Extensions(List<Object> subcommands, HostView hostView) {

    static final Extensions NONE = new Extensions(List.of(), null);

    /** What the given paths and their ancestors are on this host, with the entries of {@code listed}, and its mounts. */
    public interface HostView {
        FsView of(Collection<String> paths, Collection<String> listed) throws IOException;
    }

    /**
     * The host's view of the rule and except paths of every layer of {@code stack}, the directories their excepts
     * expand in, and {@code more}; a usage error when this program cannot read the host.
     */
    FsView hostView(CommandLine.Model.CommandSpec spec, PolicyStack stack, Collection<String> more) {
        if (hostView == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--host-view needs the full landlock-studio"
                    + " program (bin/landlock-studio), which can read this host");
        }
        List<String> paths = new ArrayList<>(more);
        List<String> listed = new ArrayList<>();
        for (PolicyStack.Layer layer : stack.layers()) {
            paths.addAll(layer.policy().namedPaths());
            listed.addAll(Excepts.directoriesToList(layer.policy()));
        }
        try {
            return hostView.of(paths, listed);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read this host's filesystem: " + e.getMessage());
        }
    }
}
