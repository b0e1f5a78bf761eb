package dev.landlockstudio.compiler.audit;

import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import java.util.ArrayList;
import java.util.List;

/** A policy's verdict on one denied access: denied by it or not, and why. */
record Verdict(boolean denied, String reason) {

    /**
     * The evaluator's prediction for the access under the policy compiled for its own ABI, on the filesystem {@code view}
     * describes: there a rule on a symlink covers its target, and one on a bind mount's source its target too.
     */
    static Verdict of(ResolvedPolicy policy, Denial key, FsView view) {
        Compilation compilation = Compiler.compile(policy, Target.NATIVE, policy.abi(), new Compiler.Options(view, null));
        if (compilation.refused() || !compilation.enforced()) {
            return new Verdict(false, "the policy restricts nothing at ABI " + policy.abi()
                    + ", so the denial came from another domain");
        }
        Evaluator evaluator = new Evaluator(List.of(compilation.ruleset()), view);
        List<Decision.Check> checks = new ArrayList<>();
        if (key.kind() == RightKind.FS) {
            checks.add(evaluator.rightsOn(key.path(), key.mask()));
        } else {
            for (String right : key.rights()) {
                Operation op = Operation.named(right).orElseThrow();
                checks.addAll(evaluator.decide(key.kind() == RightKind.NET ? AccessRequest.onPort(op, key.port())
                        : AccessRequest.outside(op)).checks());
            }
        }
        for (Decision.Check check : checks) {
            for (Decision.LayerCheck layer : check.layers()) {
                if (!layer.missing().isEmpty()) {
                    return new Verdict(true, String.join(", ", layer.missing()) + (layer.missing().size() == 1 ? " is" : " are")
                            + " handled and "
                            + (key.kind() == RightKind.SCOPE ? "scoped, and the peer is outside the domain"
                            : "nothing grants " + (layer.missing().size() == 1 ? "it" : "them") + " on " + check.on()));
                }
            }
        }
        return new Verdict(false, "the policy allows it (it grants or does not handle " + String.join(", ", key.rights())
                + "), so the denial came from another domain: a policy applied with or before this one");
    }
}
