package dev.landlockstudio.compiler.layers;

import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.policy.RightSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A policy and the bases it extends, each applied as its own ruleset: bases first (a base's own bases before it, each
 * base once), the policy last. The kernel allows an access only if every layer that handles it allows it
 * (landlock-facts.md §2.7), so a base can only be narrowed by what stacks on it, never widened.
 *
 * @param layers in the order they are applied; the last is the policy itself
 */
public record PolicyStack(List<Layer> layers) {

    /** The kernel's limit on stacked rulesets (landlock-facts.md §1.8, E2BIG). */
    public static final int MAX_LAYERS = 16;

    /**
     * @param name   the policy's name, as {@code extends} refers to it
     * @param via    where the policy's document brings this layer in: "/extends/i", or "" for the policy itself
     */
    public record Layer(String name, String via, ResolvedPolicy policy) {
    }

    public PolicyStack {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a stack has at least the policy itself");
        }
    }

    /** A policy that extends nothing: one layer. */
    public static PolicyStack of(ResolvedPolicy policy) {
        return new PolicyStack(List.of(new Layer(policy.name(), "", policy)));
    }

    /** The policy the stack was resolved for: the last layer. */
    public ResolvedPolicy top() {
        return layers.get(layers.size() - 1).policy();
    }

    public boolean layered() {
        return layers.size() > 1;
    }

    /**
     * Every layer's rules and handled rights as one policy, a base's rule pointers written "name#pointer": the places
     * and accesses a trial lays out and probes, never what is enforced (that is each layer on its own).
     */
    public ResolvedPolicy combined() {
        if (!layered()) {
            return top();
        }
        ResolvedPolicy top = top();
        Map<RightKind, RightSet> handled = new EnumMap<>(RightKind.class);
        Map<RightKind, RightSet> quiet = new EnumMap<>(RightKind.class);
        List<ResolvedPolicy.PathRule> pathRules = new ArrayList<>();
        List<ResolvedPolicy.PortRule> portRules = new ArrayList<>();
        for (Layer layer : layers) {
            String prefix = layer.via().isEmpty() ? "" : layer.name() + "#";
            ResolvedPolicy policy = layer.policy();
            for (RightKind kind : ResolvedPolicy.HANDLED_KINDS) {
                handled.merge(kind, policy.handled(kind), (a, b) -> a.with(b.mask(), prefix + "/" + kind.policyKey()));
                quiet.merge(kind, policy.quiet(kind), (a, b) -> a.with(b.mask(), prefix + "/" + Policy.quietKey(kind)));
            }
            policy.pathRules().forEach(r -> pathRules.add(new ResolvedPolicy.PathRule(prefix + r.pointer(), r.paths(),
                    r.allowed(), r.ifMissing(), r.quiet())));
            policy.portRules().forEach(r -> portRules.add(new ResolvedPolicy.PortRule(prefix + r.pointer(), r.ports(),
                    r.allowed(), r.quiet())));
        }
        return new ResolvedPolicy(top.name(), top.abi(), top.compatibility(), Map.copyOf(handled), Map.copyOf(quiet),
                List.copyOf(pathRules), List.copyOf(portRules), top.restrictFlags());
    }
}
