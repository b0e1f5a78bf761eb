package dev.landlockstudio.web.export;

import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.web.cache.BoundedCache;
import dev.landlockstudio.web.config.StudioProperties;
import dev.landlockstudio.web.policy.PolicyStore;
import org.springframework.stereotype.Component;

/**
 * Saved versions compiled per target and ABI, each compiled once and then served from memory: a saved version
 * never changes, so neither does its output. Export and shared pages ask here.
 */
@Component
public class CompiledVersions {

    /** What one compiled output is of. */
    private record Key(String policy, int version, String target, int abi) {
    }

    private final PolicyStore store;
    private final BoundedCache<Key, Compiled> outputs;

    CompiledVersions(PolicyStore store, StudioProperties properties) {
        this.store = store;
        this.outputs = BoundedCache.lasting(properties.exportCacheSize());
    }

    /** Version {@code version} of policy {@code name} (which exists) for {@code target} at {@code abi}. */
    public Compiled of(String name, int version, Target target, int abi) {
        return outputs.get(new Key(name, version, target.id(), abi), key -> Compiled.of(
                PolicyReader.read(store.document(name, version)).resolved(), target, abi));
    }
}
