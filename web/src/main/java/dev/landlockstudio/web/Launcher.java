package dev.landlockstudio.web;

import dev.landlockstudio.enforcer.cli.LandlockStudio;
import java.io.PrintWriter;
import java.util.List;

/**
 * The landlock-studio program: every command-line subcommand, and {@code serve}, which starts the web app. Only
 * {@code serve} starts Spring, so the others run as fast as the plain command line.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(LandlockStudio.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                List.of(new ServeCommand()), args));
    }
}
