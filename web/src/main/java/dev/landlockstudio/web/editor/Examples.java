package dev.landlockstudio.web.editor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/** The example policies shipped in the jar (the repository's examples/), to start a new policy from. */
@Component
public class Examples {

    private final Map<String, String> byName = new LinkedHashMap<>();

    public Examples() throws IOException {
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath:examples/*.json");
        Arrays.sort(files, Comparator.comparing(Resource::getFilename));
        for (Resource file : files) {
            byName.put(file.getFilename().replaceFirst("\\.json$", ""), read(file));
        }
    }

    public Map<String, String> all() {
        return byName;
    }

    private static String read(Resource file) {
        try {
            return file.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
