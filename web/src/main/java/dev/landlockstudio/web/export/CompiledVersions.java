package dev.landlockstudio.web.export;

import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.web.cache.BoundedCache;
import dev.landlockstudio.web.config.StudioProperties;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.web.policy.PolicyStacks;
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
    private final PolicyStacks stacks;
    private final BoundedCache<Key, Compiled> outputs;

    CompiledVersions(PolicyStore store, PolicyStacks stacks, StudioProperties properties) {
        this.store = store;
        this.stacks = stacks;
        this.outputs = BoundedCache.lasting(properties.exportCacheSize());
    }

    /**
     * Version {@code version} of policy {@code name} (which exists) for {@code target} at {@code abi}. A version that
     * extends bases is compiled each time: its bases are their latest versions, which change.
     */
    public Compiled of(String name, int version, Target target, int abi) {
        // Kept as null for a version with bases: whether a version has them never changes.
        Compiled alone = outputs.get(new Key(name, version, target.id(), abi), key -> {
            PolicyReader.ReadPolicy read = PolicyReader.read(store.document(name, version));
            return read.document().baseNames().isEmpty() ? Compiled.of(PolicyStack.of(read.resolved()), target, abi) : null;
        });
        return alone != null ? alone : Compiled.of(stacks.of(store.document(name, version)), target, abi);
    }
}
