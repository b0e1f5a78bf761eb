package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Debian mirror this machine's apt uses, as its deb822 sources name it: the stanza of the main archive (not the
 * security one), its first URI and its keyring.
 */
public record DebianMirror(String uri, String keyring) {

    public static final Path SOURCES = Path.of("/etc/apt/sources.list.d/debian.sources");
    private static final String DEFAULT_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";

    public static DebianMirror of(Path sources) {
        String text;
        try {
            text = Files.readString(sources);
        } catch (IOException e) {
            throw new KernelsException("cannot read " + sources + " (" + e.getMessage()
                    + "): the kernels are fetched from the Debian mirror named there");
        }
        for (String stanza : text.split("\\n\\s*\\n")) {
            Map<String, String> fields = fields(stanza);
            List<String> suites = Arrays.asList(fields.getOrDefault("Suites", "").trim().split("\\s+"));
            String uris = fields.getOrDefault("URIs", "").trim();
            boolean mainArchive = suites.stream().anyMatch(s -> !s.isEmpty() && !s.contains("-"));
            if (mainArchive && !uris.isEmpty() && fields.getOrDefault("Types", "deb").contains("deb")) {
                String keyring = fields.getOrDefault("Signed-By", "").trim();
                return new DebianMirror(uris.split("\\s+")[0], keyring.startsWith("/") ? keyring : DEFAULT_KEYRING);
            }
        }
        throw new KernelsException(sources + " names no Debian archive (a stanza with URIs and a suite such as bookworm)");
    }

    /** The fields of a deb822 stanza; comment lines and continuation lines of multi-line fields are skipped. */
    private static Map<String, String> fields(String stanza) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : stanza.lines().toList()) {
            int colon = line.indexOf(':');
            if (line.startsWith("#") || line.startsWith(" ") || line.startsWith("\t") || colon < 0) {
                continue;
            }
            fields.put(line.substring(0, colon).trim(), line.substring(colon + 1));
        }
        return fields;
    }

    /** A one-line apt source of this mirror for a suite. */
    String sourceLine(String suite) {
        return "deb [signed-by=" + keyring + "] " + uri + " " + suite + " main";
    }
}
