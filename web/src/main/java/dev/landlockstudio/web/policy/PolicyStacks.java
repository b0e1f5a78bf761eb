package dev.landlockstudio.web.policy;

import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.web.api.NotFound;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A stored or posted policy with the bases its {@code extends} names, found by name among the saved policies, each at
 * its latest version. A base that is unknown (or deleted), invalid or in a cycle is a problem at "/extends/i".
 */
@Component
public class PolicyStacks {

    private final PolicyStore store;

    PolicyStacks(PolicyStore store) {
        this.store = store;
    }

    public PolicyStack of(String document) {
        return of(PolicyReader.read(document));
    }

    public PolicyStack of(PolicyReader.ReadPolicy policy) {
        return StackResolver.resolve(policy, this::latestDocument);
    }

    /**
     * Every layer's rules in one policy, to group a run's probes by: the policy alone when its bases no longer resolve
     * (a base deleted since the run), so an old run stays readable.
     */
    public ResolvedPolicy rulesOf(String document) {
        PolicyReader.ReadPolicy read = PolicyReader.read(document);
        try {
            return of(read).combined();
        } catch (InvalidDocumentException e) {
            return read.resolved();
        }
    }

    private Optional<String> latestDocument(String name) {
        try {
            return Optional.of(store.latest(name).document());
        } catch (NotFound e) {
            return Optional.empty();
        }
    }
}
