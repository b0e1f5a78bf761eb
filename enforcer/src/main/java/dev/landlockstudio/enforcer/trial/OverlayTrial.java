package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.enforcer.overlay.OverlayMount;
import dev.landlockstudio.enforcer.sandbox.TrialRoot;
import dev.landlockstudio.enforcer.syscall.LibC;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Tries a policy written for a container's view of its rootfs through an OverlayFS mount of {@code lower}
 * (landlock-facts.md §2.6): with the rules on merged, probes through merged; with the same rules on the lower layer,
 * probes through merged; with the rules on merged, directory listings in the lower layer.
 *
 * <p>Each probe gets a fresh mount, made in a {@link TrialRoot}'s private mount namespace (the host's mount table
 * never holds it, and it vanishes with the probe's thread), beside a read-only bind of the lower layer. The probe
 * runs with merged (or that read-only view of lower) as its root, so "/", ".." and absolute symlinks in the rootfs
 * mean the container's, never the host's; rule paths resolve inside their layer the same way. Writes land in the
 * upper layer, a temporary directory: the lower directory is only ever read.
 */
public final class OverlayTrial {

    /** Where the rules are placed, or where the probe acts. */
    private enum Layer { MERGED, LOWER }

    /** The arrangement OverlayFS leaves to Landlock as on any filesystem: the rules on merged, the probe through it. */
    static final String VIA_MERGED = "rules on merged, via merged";

    private OverlayTrial() {
    }

    /**
     * @param given probes to try instead of the generated ones, or null
     * @param listener told how many probes there are, then each one's row as soon as it is tried
     * @throws IllegalArgumentException when {@code lower} is not a plain directory OverlayFS can take as one
     *                                  ({@link OverlayMount#checkedDirectory}), or a given probe's path has a ".."
     */
    public static void run(ResolvedPolicy policy, RulesetStack ruleset, Path lower, List<AccessRequest> given,
                           TrialListener listener) throws Exception {
        Path checked = OverlayMount.checkedDirectory(lower.toString());
        List<AccessRequest> probes = (given != null ? ProbeSpec.requireNamed(given) : Probes.of(policy)).stream()
                .filter(probe -> probe.operation().kind() == RightKind.FS).toList();
        List<String> rulePaths = policy.pathRules().stream().flatMap(rule -> rule.paths().stream()).toList();
        OverlayMount.sweepLeftovers();
        ScratchTrial.warmUp(policy, ruleset, null);
        // In a layer's own root the rules keep the policy's paths; a path the rootfs lacks is skipped.
        RulesetStack inLayer = RulesetPaths.under(ruleset, Path.of("/"), true);
        listener.planned(2 * probes.size() + rulePaths.size());
        for (AccessRequest probe : probes) {
            once(policy, inLayer, checked, probe, VIA_MERGED, Layer.MERGED, Layer.MERGED)
                    .ifPresentOrElse(listener::row, listener::leftOut);
            once(policy, inLayer, checked, probe, "rules on lower, via merged", Layer.LOWER, Layer.MERGED)
                    .ifPresentOrElse(listener::row, listener::leftOut);
        }
        for (String path : rulePaths) {
            once(policy, inLayer, checked, AccessRequest.onPath(Operation.READ_DIR, path), "rules on merged, in lower",
                    Layer.MERGED, Layer.LOWER).ifPresentOrElse(listener::row, listener::leftOut);
        }
    }

    /**
     * One probe on a fresh mount: the policy's paths laid out in merged (so they land in the upper layer), the rules
     * placed in {@code rulesAt}, the access made in {@code probeAt}. A listing in lower is tried only where lower has a
     * directory.
     */
    private static Optional<TrialRow> once(ResolvedPolicy policy, RulesetStack ruleset, Path lower, AccessRequest probe,
                                           String label, Layer rulesAt, Layer probeAt) throws Exception {
        OverlayMount mount = OverlayMount.prepare(lower);
        try {
            FsView.Builder view = view(mount.merged(), mount.lower(), mount.upper());
            CheckedProbe.Tried tried = TrialRoot.run(() -> {
                mount.mount();
                TrialRoot.bindReadOnly(mount.lower(), mount.lowerView());
                int merged = TrialRoot.open(mount.merged());
                int lowerView = TrialRoot.open(mount.lowerView());
                try {
                    TrialRoot.enter(merged);
                    ScratchTrial.layOut(Path.of("/"), mount.merged().toString(), policy,
                            probeAt == Layer.MERGED ? probe : AccessRequest.onPath(Operation.READ_DIR, "/"), view);
                    if (probeAt == Layer.LOWER) {
                        TrialRoot.enter(lowerView);
                        if (!Files.isDirectory(Path.of(probe.path()))) {
                            return CheckedProbe.Tried.LEFT_OUT;
                        }
                    }
                    return CheckedProbe.attemptConfined(ruleset, rulesAt == Layer.MERGED ? merged : lowerView, probe,
                            view.build());
                } finally {
                    LibC.INSTANCE.close(merged);
                    LibC.INSTANCE.close(lowerView);
                }
            });
            return row(label, ruleset, at(mount, rulesAt), at(mount, probeAt), probe, tried);
        } finally {
            mount.close();
        }
    }

    /** An OverlayFS mount as the evaluator sees it, before {@link ScratchTrial#layOut} adds what merged shows. */
    static FsView.Builder view(Path merged, Path lower, Path upper) {
        return new FsView.Builder().overlay(merged.toString(), List.of(lower.toString()), upper.toString());
    }

    /**
     * The row of a probe tried with the rules (in the policy's paths, as in a layer's own root) placed beneath
     * {@code rulesAt} and the access made beneath {@code probeAt}, judged on the mount's view.
     */
    static Optional<TrialRow> row(String label, RulesetStack inLayer, Path rulesAt, Path probeAt, AccessRequest probe,
                                  CheckedProbe.Tried tried) {
        return CheckedProbe.row(label + ": ", RulesetPaths.under(inLayer, rulesAt, true), RulesetPaths.under(probe, probeAt),
                probe, tried);
    }

    /** Where a layer is on the host, as the evaluator names it. */
    private static Path at(OverlayMount mount, Layer layer) {
        return layer == Layer.MERGED ? mount.merged() : mount.lower();
    }
}
