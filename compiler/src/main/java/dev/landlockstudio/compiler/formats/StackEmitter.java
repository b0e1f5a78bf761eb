package dev.landlockstudio.compiler.formats;

import dev.landlockstudio.compiler.layers.RulesetStack;

/**
 * An emitter whose format holds stacked rulesets, applied one after another. Formats that hold one ruleset get a
 * stack's intersection instead ({@link dev.landlockstudio.compiler.layers.Intersection}).
 */
public interface StackEmitter extends Emitter {

    /** The stack in this format, its layers in the order they are applied. */
    String emitStack(RulesetStack stack, Context context);
}
