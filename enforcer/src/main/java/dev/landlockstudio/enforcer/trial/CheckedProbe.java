package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.FsView;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.enforcer.probe.Peers;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A probe tried twice, each time on what {@link Preparation} lays out for it: first unrestricted, then on a fresh
 * thread confined by the ruleset. When the host refuses it even unrestricted (permissions, mknod without CAP_MKNOD,
 * a port in use), the probe says nothing about Landlock and gives no row.
 */
final class CheckedProbe {

    /** Makes what the probe needs and returns the view the evaluator judges it with. */
    interface Preparation {
        FsView lay() throws IOException;
    }

    private CheckedProbe() {
    }

    /** @param shown the probe as the report shows it (in the policy's own paths) */
    static Optional<TrialRow> run(Ruleset ruleset, AccessRequest probe, AccessRequest shown, Peers peers, Preparation preparation)
            throws Exception {
        preparation.lay();
        try (Closeable listener = Peers.listenerFor(probe)) {
            if (ProbeRunner.run(probe, peers).result() != ProbeRunner.Result.ALLOWED) {
                return Optional.empty();
            }
        }
        FsView view = preparation.lay();
        Decision predicted = new Evaluator(List.of(ruleset), view).decide(probe);
        try (Closeable listener = Peers.listenerFor(probe)) {
            ProbeRunner.Outcome outcome = RestrictedThread.run(ruleset, () -> ProbeRunner.run(probe, peers)).value();
            return Optional.of(TrialRow.of("", shown, predicted, outcome));
        }
    }
}
