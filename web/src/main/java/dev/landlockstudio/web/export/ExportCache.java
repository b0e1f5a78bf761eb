package dev.landlockstudio.web.export;

import dev.landlockstudio.web.config.StudioProperties;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Compiled outputs of stored policies, per version, target and ABI. A saved version never changes, so an entry never
 * goes stale; the cache only keeps its size bounded.
 */
@Component
public class ExportCache {

    /** What one entry is the output of. */
    public record Key(String policy, int version, String target, int abi) {
    }

    private final Map<Key, Compiled> entries = new ConcurrentHashMap<>();
    private final int capacity;

    public ExportCache(StudioProperties properties) {
        this.capacity = properties.exportCacheSize();
    }

    public Compiled get(Key key, Supplier<Compiled> compile) {
        Compiled cached = entries.get(key);
        if (cached != null) {
            return cached;
        }
        Compiled compiled = compile.get();
        if (entries.size() >= capacity) {
            // Any entry will do: all are equally cheap to compile again.
            Iterator<Key> oldest = entries.keySet().iterator();
            if (oldest.hasNext()) {
                entries.remove(oldest.next());
            }
        }
        entries.put(key, compiled);
        return compiled;
    }
}
