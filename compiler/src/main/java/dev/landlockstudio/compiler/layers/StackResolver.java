package dev.landlockstudio.compiler.layers;

import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a policy's {@code extends} into its {@link PolicyStack}, finding every problem: a base that is unknown,
 * a cycle, a base that is itself invalid, more layers than the kernel stacks. Each problem is at the place in the
 * policy's own document ("/extends/i") through which the base came in, and names the chain of bases.
 */
public final class StackResolver {

    private final Bases bases;
    private final Map<String, PolicyStack.Layer> found = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();

    private StackResolver(Bases bases) {
        this.bases = bases;
    }

    /** The stack of {@code policy}, or {@link InvalidDocumentException} listing every problem. */
    public static PolicyStack resolve(PolicyReader.ReadPolicy policy, Bases bases) {
        return new StackResolver(bases).stack(policy);
    }

    private PolicyStack stack(PolicyReader.ReadPolicy policy) {
        List<String> names = policy.document().baseNames();
        List<String> chain = List.of(policy.document().name());
        for (int i = 0; i < names.size(); i++) {
            visit(names.get(i), "/extends/" + i, chain);
        }
        List<PolicyStack.Layer> layers = new ArrayList<>(found.values());
        layers.add(new PolicyStack.Layer(policy.document().name(), "", policy.resolved()));
        if (problems.isEmpty() && layers.size() > PolicyStack.MAX_LAYERS) {
            problems.add(new Problem("/extends", layers.size() + " layers in all (" + String.join(", ",
                    layers.stream().map(PolicyStack.Layer::name).toList()) + "), but the kernel stacks at most "
                    + PolicyStack.MAX_LAYERS + " rulesets (E2BIG): extend fewer bases"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems);
        }
        return new PolicyStack(layers);
    }

    /**
     * {@code policy} where only a policy on its own is understood ({@code what}, say "matrix"): one that extends bases is
     * refused at "/extends" rather than taken without them.
     */
    public static PolicyReader.ReadPolicy alone(PolicyReader.ReadPolicy policy, String what) {
        if (!policy.document().baseNames().isEmpty()) {
            throw new InvalidDocumentException("/extends", what + " takes a policy on its own, and this one extends "
                    + String.join(", ", policy.document().baseNames()) + "; use it with compile, explain, validate or try,"
                    + " which stack its bases");
        }
        return policy;
    }

    /** Adds base {@code name} after its own bases; {@code chain} is the policies that led to it, the first being the policy. */
    private void visit(String name, String via, List<String> chain) {
        if (chain.contains(name)) {
            problems.add(new Problem(via, "a cycle: " + String.join(" extends ", chain) + " extends " + name
                    + "; a policy cannot be its own base"));
            return;
        }
        if (found.containsKey(name)) {
            return;
        }
        String whose = chain.size() == 1 ? "" : chain.get(chain.size() - 1) + " extends " + name + ", but ";
        Optional<String> text = bases.document(name);
        if (text.isEmpty()) {
            problems.add(new Problem(via, whose + "no policy is named \"" + name + "\""));
            return;
        }
        PolicyReader.ReadPolicy base;
        try {
            base = PolicyReader.read(text.get());
        } catch (InvalidDocumentException e) {
            for (Problem problem : e.problems()) {
                problems.add(new Problem(via, whose + "base \"" + name + "\" is invalid at " + problem.displayPointer()
                        + ": " + problem.message()));
            }
            return;
        }
        if (!base.document().name().equals(name)) {
            problems.add(new Problem(via, whose + "the policy found for \"" + name + "\" is named \""
                    + base.document().name() + "\""));
            return;
        }
        List<String> own = base.document().baseNames();
        List<String> longer = new ArrayList<>(chain);
        longer.add(name);
        for (String next : own) {
            visit(next, via, longer);
        }
        found.put(name, new PolicyStack.Layer(name, via, base.resolved()));
    }
}
