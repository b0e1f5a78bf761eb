package dev.landlockstudio.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What serve is asked for: its own options as the Spring properties they set, and other Spring properties
 * ({@code --name=value}) as given.
 */
record ServeOptions(Integer port, String address, Path dataDir, List<String> springArguments) {

    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Pattern SPRING_PROPERTY = Pattern.compile("--[^-=][^=]*=.*");

    ServeOptions {
        springArguments = List.copyOf(springArguments);
    }

    /** The arguments Spring reads. */
    String[] asSpringArguments() {
        List<String> arguments = new ArrayList<>(springArguments);
        if (port != null) {
            arguments.add("--server.port=" + port);
        }
        if (address != null) {
            arguments.add("--server.address=" + address);
        }
        if (dataDir != null) {
            // H2 refuses file paths relative to the working directory unless they start with "./".
            arguments.add("--landlock-studio.data-dir=" + dataDir.toAbsolutePath().normalize());
        }
        return arguments.toArray(String[]::new);
    }

    /**
     * serve's arguments (after the word serve) read without the command-line library, when they are plainly
     * well formed; empty for anything else (help, a version, a bad value, a stray word), which {@link ServeCommand}
     * then answers with its usual help and messages. The library's classes are too old for the JVM's start-up
     * archives, and loading them would make every start of the server a quarter of a second slower.
     */
    static Optional<ServeOptions> readPlain(List<String> args) {
        Integer port = null;
        String address = null;
        Path dataDir = null;
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            boolean own = name.equals("--port") || name.equals("--address") || name.equals("--data-dir");
            if (!own) {
                if (!SPRING_PROPERTY.matcher(arg).matches()) {
                    return Optional.empty();
                }
                spring.add(arg);
                continue;
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                return Optional.empty();
            }
            if (value.isEmpty() || value.startsWith("-")) {
                return Optional.empty();
            }
            switch (name) {
                case "--port" -> {
                    if (port != null || !PORT.matcher(value).matches()) {
                        return Optional.empty();
                    }
                    port = Integer.valueOf(value);
                }
                case "--address" -> {
                    if (address != null) {
                        return Optional.empty();
                    }
                    address = value;
                }
                default -> {
                    if (dataDir != null) {
                        return Optional.empty();
                    }
                    dataDir = Path.of(value);
                }
            }
        }
        return Optional.of(new ServeOptions(port, address, dataDir, spring));
    }
}
