package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.enforcer.probe.NotOpened;
import dev.landlockstudio.enforcer.probe.Peers;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.FreshThread;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A probe tried twice, each time on what {@link Preparation} lays out for it: first unrestricted, then on a fresh
 * thread confined by the ruleset, each on a thread of its own that may take at most {@link #LIMIT}. When the host
 * refuses it even unrestricted (permissions, mknod without CAP_MKNOD, a port in use), the probe says nothing about
 * Landlock and gives no row. {@link #attempt} runs where the probe acts (a trial's root); {@link #row} compares with
 * the evaluator, on the caller's thread.
 */
final class CheckedProbe {

    /** How long one probe may take; a thread that overruns is abandoned and its row says so. */
    static final Duration LIMIT = Duration.ofSeconds(10);

    /** Makes what the probe needs and returns the view the evaluator judges it with. */
    interface Preparation {
        FsView lay() throws IOException;
    }

    /**
     * What trying gave: nothing to compare (the host refused it unrestricted), a reason it was not tried, or the
     * kernel's answer under the ruleset, with the view the probe met.
     */
    record Tried(FsView view, ProbeRunner.Outcome confined, String notTried) {

        static final Tried LEFT_OUT = new Tried(null, null, null);
    }

    private CheckedProbe() {
    }

    /**
     * @param rulesRoot  where the rule paths resolve (see {@code Landlock.restrictCurrentThread(Ruleset, int)})
     * @param realPaths  whether the probe acts on the host's own paths, where only regular files and directories are opened
     */
    static Tried attempt(RulesetStack ruleset, int rulesRoot, AccessRequest probe, Peers peers, boolean realPaths,
                         Preparation preparation) throws Exception {
        FsView view = preparation.lay();
        try {
            try (Closeable listener = Peers.listenerFor(probe)) {
                if (FreshThread.call("landlock-studio-probe", LIMIT, () -> runProbe(probe, peers, realPaths)).result()
                        != ProbeRunner.Result.ALLOWED) {
                    return Tried.LEFT_OUT;
                }
            }
            view = preparation.lay();
            try (Closeable listener = Peers.listenerFor(probe)) {
                return new Tried(view, RestrictedThread.run(ruleset, rulesRoot, LIMIT, () -> runProbe(probe, peers, realPaths))
                        .value(), null);
            }
        } catch (NotOpened e) {
            return new Tried(view, null, e.getMessage());
        } catch (TimeoutException e) {
            return new Tried(view, null, "timed out: the probe " + e.getMessage());
        }
    }

    /**
     * The probe tried once, confined, on what {@code view} describes (laid out already): for arrangements where the
     * unrestricted answer is known to be the same as another's, or where every answer is to be shown.
     */
    static Tried attemptConfined(RulesetStack ruleset, int rulesRoot, AccessRequest probe, FsView view) throws Exception {
        try (Closeable listener = Peers.listenerFor(probe)) {
            return new Tried(view, RestrictedThread.run(ruleset, rulesRoot, LIMIT, () -> ProbeRunner.run(probe)).value(), null);
        } catch (TimeoutException e) {
            return new Tried(view, null, "timed out: the probe " + e.getMessage());
        }
    }

    private static ProbeRunner.Outcome runProbe(AccessRequest probe, Peers peers, boolean realPaths) {
        return realPaths ? ProbeRunner.runOnRealPaths(probe, peers) : ProbeRunner.run(probe, peers);
    }

    /**
     * The row for what {@link #attempt} gave, if any.
     *
     * @param label what the row adds before the access (the overlay trial's arrangement), or empty
     * @param rules the ruleset as the evaluator sees it, with {@code access} the access in the same paths
     * @param shown the probe as the report shows it (in the policy's own paths)
     */
    static Optional<TrialRow> row(String label, RulesetStack rules, AccessRequest access, AccessRequest shown, Tried tried) {
        if (tried.view() == null) {
            return Optional.empty();
        }
        Decision predicted = new Evaluator(rules, tried.view()).decide(access);
        return Optional.of(tried.notTried() != null ? TrialRow.notTried(label, shown, predicted, tried.notTried())
                : TrialRow.of(label, shown, predicted, tried.confined()));
    }
}
