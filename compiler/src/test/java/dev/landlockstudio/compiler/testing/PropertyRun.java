package dev.landlockstudio.compiler.testing;

import static org.assertj.core.api.Assertions.fail;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.policy.Policy;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Runs a property over generated policies. {@code -Dproperties.tries=N} sets how many (default 500) and
 * {@code -Dproperties.seed=S} the first seed (default fixed, so CI runs are repeatable); a failure names the
 * seed and prints the policy, so it can be replayed.
 */
public final class PropertyRun {

    private PropertyRun() {
    }

    public static void forEach(String property, LongFunction<PolicyGenerator> generators, Consumer<Policy> check) {
        int tries = Integer.getInteger("properties.tries", 500);
        long firstSeed = Long.getLong("properties.seed", 20261122L);
        for (long seed = firstSeed; seed < firstSeed + tries; seed++) {
            Policy policy = generators.apply(seed).next();
            try {
                check.accept(policy);
            } catch (AssertionError | RuntimeException e) {
                fail(property + " fails for -Dproperties.seed=" + seed + " -Dproperties.tries=1, policy:\n"
                        + Json.write(policy) + e, e);
            }
        }
    }
}
