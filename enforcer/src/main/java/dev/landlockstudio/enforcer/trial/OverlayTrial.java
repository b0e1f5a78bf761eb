package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.FsView;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.enforcer.overlay.OverlayMount;
import dev.landlockstudio.enforcer.probe.Peers;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Tries a policy written for a container's view of its rootfs through an OverlayFS mount of {@code lower}
 * (landlock-facts.md §2.6): with the rules on merged, probes through merged; with the same rules on the lower layer,
 * probes through merged; with the rules on merged, directory listings in the lower layer. Each probe gets a fresh
 * mount, and the lower directory is only ever read.
 */
public final class OverlayTrial {

    private OverlayTrial() {
    }

    /**
     * @param given probes to try instead of the generated ones, or null
     * @param onRow receives each probe's row as soon as it is tried
     */
    public static void run(ResolvedPolicy policy, Ruleset ruleset, Path lower, List<AccessRequest> given,
                           Consumer<TrialRow> onRow) throws Exception {
        OverlayMount.sweepLeftovers();
        ProbeRunner.run(AccessRequest.onPath(Operation.READ_DIR, lower.toString()));
        for (AccessRequest probe : given != null ? given : Probes.of(policy)) {
            if (probe.operation().kind() != RightKind.FS) {
                continue;
            }
            onRow.accept(once(policy, ruleset, lower, probe, "rules on merged, via merged", OverlayMount::merged, OverlayMount::merged));
            onRow.accept(once(policy, ruleset, lower, probe, "rules on lower, via merged", OverlayMount::lower, OverlayMount::merged));
        }
        for (ResolvedPolicy.PathRule rule : policy.pathRules()) {
            for (String path : rule.paths()) {
                if (Files.isDirectory(lower.resolve(relative(path)))) {
                    onRow.accept(once(policy, ruleset, lower, AccessRequest.onPath(Operation.READ_DIR, path),
                            "rules on merged, in lower", OverlayMount::merged, OverlayMount::lower));
                }
            }
        }
    }

    /**
     * One probe on a fresh mount: the policy's paths laid out in merged (so they land in the upper layer), the rules
     * placed under {@code rulesAt}, the access made under {@code probeAt}.
     */
    private static TrialRow once(ResolvedPolicy policy, Ruleset ruleset, Path lower, AccessRequest probe, String label,
                                 Function<OverlayMount, Path> rulesAt, Function<OverlayMount, Path> probeAt) throws Exception {
        try (OverlayMount mount = OverlayMount.of(lower)) {
            Ruleset placed = RulesetPaths.under(ruleset, rulesAt.apply(mount), true);
            AccessRequest access = RulesetPaths.under(probe, probeAt.apply(mount));
            FsView.Builder view = ScratchTrial.layOut(mount.merged(), policy,
                    probeAt.apply(mount).equals(mount.merged()) ? access : RulesetPaths.under(AccessRequest.onPath(
                            Operation.READ_DIR, "/"), mount.merged()));
            view.overlay(mount.merged().toString(), List.of(mount.lower().toString()), mount.upper().toString());
            Decision predicted = new Evaluator(List.of(placed), view.build()).decide(access);
            ProbeRunner.Outcome outcome;
            try (Closeable listener = Peers.listenerFor(access)) {
                outcome = RestrictedThread.run(placed, () -> ProbeRunner.run(access)).value();
            }
            return TrialRow.of(label + ": ", probe, predicted, outcome);
        }
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
