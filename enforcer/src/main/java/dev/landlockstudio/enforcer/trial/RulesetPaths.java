package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.IfMissing;
import java.nio.file.Path;

/** Moves a ruleset's rules and a probe's paths beneath another root: a scratch tree, a merged view, a layer. */
final class RulesetPaths {

    private RulesetPaths() {
    }

    static String under(Path root, String path) {
        return under(root.toString(), path);
    }

    /** {@code path} beneath {@code root}, as text; beneath "/" it is {@code path} itself. */
    static String under(String root, String path) {
        if (root.equals("/")) {
            return path;
        }
        return path.equals("/") ? root : root + path;
    }

    /** {@code path} (absolute, in the policy's terms) beneath the directory {@code root}. */
    static Path in(Path root, String path) {
        return path.equals("/") ? root : root.resolve(path.substring(1));
    }

    /** The rulesets with every rule beneath {@code root}; with {@code skipMissing}, paths absent there are skipped. */
    static RulesetStack under(RulesetStack rulesets, Path root, boolean skipMissing) {
        return rulesets.map(ruleset -> under(ruleset, root, skipMissing));
    }

    private static Ruleset under(Ruleset ruleset, Path root, boolean skipMissing) {
        return new Ruleset(ruleset.abi(), ruleset.enforced(), ruleset.handledAccessFs(), ruleset.handledAccessNet(),
                ruleset.scoped(), ruleset.quietAccessFs(), ruleset.quietAccessNet(), ruleset.quietScoped(), ruleset.attrSize(),
                ruleset.pathBeneath().stream().map(r -> new Ruleset.PathBeneath(under(root, r.path()), r.allowedAccess(),
                        skipMissing ? IfMissing.SKIP : r.ifMissing(), r.quiet())).toList(),
                ruleset.netPort(), ruleset.restrictSelfFlags());
    }

    static AccessRequest under(AccessRequest probe, Path root) {
        return new AccessRequest(probe.operation(), probe.path() == null ? null : under(root, probe.path()),
                probe.destination() == null ? null : under(root, probe.destination()), probe.port());
    }
}
