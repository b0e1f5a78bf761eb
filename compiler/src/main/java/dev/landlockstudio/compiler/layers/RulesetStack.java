package dev.landlockstudio.compiler.layers;

import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.lowering.Lowering;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.lowering.RulesetStatus;
import dev.landlockstudio.compiler.lowering.Vocabulary;
import dev.landlockstudio.compiler.policy.Compatibility;
import dev.landlockstudio.compiler.report.ReportItem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The rulesets of a {@link PolicyStack} lowered for one ABI, in the order they are applied: one
 * landlock_create_ruleset and landlock_restrict_self each. What the evaluator judges and the enforcer applies.
 */
public record RulesetStack(List<Layer> layers) {

    /**
     * One ruleset, the name of the policy it came from and that policy's compatibility level (what a program applying
     * it on an older kernel than its ABI does).
     */
    public record Layer(String name, Compatibility compatibility, Ruleset ruleset) {
    }

    /**
     * The lowered stack and the report of every layer; refused when any layer is a hard requirement that cannot be met
     * (then nothing is applied).
     */
    public record Lowered(RulesetStack rulesets, List<ReportItem> items, boolean refused) {

        public RulesetStatus status() {
            return RulesetStatus.of(refused, rulesets.enforced(), items);
        }
    }

    public RulesetStack {
        layers = List.copyOf(layers);
    }

    /** One ruleset alone, under its policy's name, applied best effort. */
    public static RulesetStack of(String name, Ruleset ruleset) {
        return of(name, Compatibility.BEST_EFFORT, ruleset);
    }

    public static RulesetStack of(String name, Compatibility compatibility, Ruleset ruleset) {
        return new RulesetStack(List.of(new Layer(name, compatibility, ruleset)));
    }

    /**
     * Lowers each layer of {@code stack} on its own (its except paths expanded against {@code view}). A base's report items are placed where the policy brings the base
     * in ("/extends/i") and say the base's name and their place in it.
     */
    public static Lowered lower(PolicyStack stack, int abi, Vocabulary vocabulary, FsView view) {
        List<Layer> layers = new ArrayList<>();
        List<ReportItem> items = new ArrayList<>();
        boolean refused = false;
        for (PolicyStack.Layer layer : stack.layers()) {
            Lowering.Result lowered = Lowering.lower(layer.policy(), abi, vocabulary, view);
            refused |= lowered.refused();
            layers.add(new Layer(layer.name(), layer.policy().compatibility(), lowered.ruleset()));
            lowered.items().forEach(item -> items.add(placed(layer, item)));
        }
        return new Lowered(new RulesetStack(layers), List.copyOf(items), refused);
    }

    /** {@code item} of {@code layer}'s own document, as the stack's policy reports it. */
    public static ReportItem placed(PolicyStack.Layer layer, ReportItem item) {
        if (layer.via().isEmpty()) {
            return item;
        }
        return new ReportItem(item.severity(), item.code(), layer.via(), "base " + layer.name() + " at "
                + (item.pointer().isEmpty() ? "/" : item.pointer()) + ": " + item.message());
    }

    public List<Ruleset> rulesets() {
        return layers.stream().map(Layer::ruleset).toList();
    }

    /** The layers that add a ruleset when applied (a ruleset that is not enforced adds none). */
    public List<Layer> enforcedLayers() {
        return layers.stream().filter(l -> l.ruleset().enforced()).toList();
    }

    /** Whether applying the stack restricts anything. */
    public boolean enforced() {
        return layers.stream().anyMatch(l -> l.ruleset().enforced());
    }

    public int abi() {
        return layers.get(0).ruleset().abi();
    }

    /** The same stack with each ruleset changed by {@code change} (its rule paths moved beneath a root, say). */
    public RulesetStack map(UnaryOperator<Ruleset> change) {
        return new RulesetStack(layers.stream().map(l -> new Layer(l.name(), l.compatibility(), change.apply(l.ruleset())))
                .toList());
    }
}
