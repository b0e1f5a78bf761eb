package dev.landlockstudio.enforcer.cli;

import dev.landlockstudio.compiler.cli.Extensions;
import dev.landlockstudio.compiler.cli.Main;
import dev.landlockstudio.enforcer.host.HostFsView;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The landlock-studio program: the compiler's subcommands, and those that need this host's kernel. */
public final class LandlockStudio {

    private LandlockStudio() {
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, List.of(), args);
    }

    /** With subcommands added by a module that builds on the enforcer (the web app's serve). */
    public static int run(PrintWriter out, PrintWriter err, List<Object> moreSubcommands, String... args) {
        List<Object> subcommands = new ArrayList<>(List.of(new HostCommand(), new TryCommand(), new LearnCommand(), new KernelsCommand()));
        subcommands.addAll(moreSubcommands);
        return Main.run(out, err, new Extensions(subcommands, HostFsView::of), args);
    }
}
