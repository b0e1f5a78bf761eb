package dev.landlockstudio.compiler.cli;

import dev.landlockstudio.compiler.fs.FsView;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * What a module that builds on the compiler adds to its command line, so that there is one program with one set of
 * conventions: subcommands (the enforcer's host and try), and a reader of the live host's filesystem for
 * {@code explain --host-view}.
 *
 * @param hostView null when this program cannot read the host
 */
public record Extensions(List<Object> subcommands, HostView hostView) {

    static final Extensions NONE = new Extensions(List.of(), null);

    /** What the given paths and their ancestors are on this host, with its mounts. */
    public interface HostView {
        FsView of(Collection<String> paths) throws IOException;
    }
}
