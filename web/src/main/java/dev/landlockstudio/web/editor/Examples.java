package dev.landlockstudio.web.editor;

import dev.landlockstudio.compiler.json.Json;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The example policies shipped in the jar (the repository's examples/), to start a new policy from, each with a card:
 * its purpose (the document's description) and what it demonstrates (examples/shows.properties).
 */
@Component
public class Examples {

    /** What the new-policy page shows of one example. */
    public record Card(String name, String description, int abi, String shows) {
    }

    private final Map<String, String> byName = new LinkedHashMap<>();
    private final List<Card> cards = new ArrayList<>();

    public Examples() throws IOException {
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath:examples/*.json");
        Arrays.sort(files, Comparator.comparing(Resource::getFilename));
        Properties shows = new Properties();
        try (Reader reader = new InputStreamReader(new ClassPathResource("examples/shows.properties").getInputStream(),
                StandardCharsets.UTF_8)) {
            shows.load(reader);
        }
        for (Resource file : files) {
            String name = file.getFilename().replaceFirst("\\.json$", "");
            String document = read(file);
            byName.put(name, document);
            JsonNode tree = Json.parse(document);
            cards.add(new Card(name, tree.path("description").asString(""), tree.path("abi").asInt(),
                    shows.getProperty(name, "")));
        }
    }

    public Map<String, String> all() {
        return byName;
    }

    public List<Card> cards() {
        return cards;
    }

    private static String read(Resource file) {
        try {
            return file.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
