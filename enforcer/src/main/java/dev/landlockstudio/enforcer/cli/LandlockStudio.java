package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.compiler.cli.Extensions;
import dev.landlockstudio.compiler.cli.Main;
import dev.landlockstudio.enforcer.host.HostFsView;
import java.io.PrintWriter;
import java.util.List;

/** The landlock-studio program: the compiler's subcommands, and those that need this host's kernel. */
public final class LandlockStudio {

    private LandlockStudio() {
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return Main.run(out, err, new Extensions(List.of(new HostCommand(), new TryCommand()), HostFsView::of), args);
    }
}
