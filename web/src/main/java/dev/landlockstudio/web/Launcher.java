package dev.landlockstudio.web;

import dev.landlockstudio.enforcer.cli.LandlockStudio;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The landlock-studio program: every command-line subcommand, and {@code serve}, which starts the web app. Only
 * {@code serve} starts Spring, so the others run as fast as the plain command line. A plainly well-formed serve
 * starts without the command-line library at all ({@link ServeOptions#readPlain}).
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> words = List.of(args);
        if (!words.isEmpty() && words.get(0).equals("serve")) {
            Optional<ServeOptions> plain = ServeOptions.readPlain(words.subList(1, words.size()));
            if (plain.isPresent()) {
                System.exit(WebServer.run(plain.get()));
            }
        }
        System.exit(LandlockStudio.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                List.of(new ServeCommand()), args));
    }
}
