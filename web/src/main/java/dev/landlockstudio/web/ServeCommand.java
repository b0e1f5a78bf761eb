package dev.landlockstudio.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the web app: the editor, the REST API and dry runs. By default on 127.0.0.1:8080, with its"
                + " H2 database in ./data; the first start creates the user admin and prints its password (also written"
                + " to DATA-DIR/initial-admin-password).",
                "Other Spring properties may follow, e.g. --spring.profiles.active=postgres. Runs until stopped."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", description = "The port to listen on (default 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--address", paramLabel = "ADDR", description = "The address to bind (default 127.0.0.1, this machine only).")
    String address;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the database and the initial password live (default ./data).")
    Path dataDir;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        return WebServer.run(new ServeOptions(port, address, dataDir, springArguments));
    }
}
