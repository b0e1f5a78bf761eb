package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.RulesetStatus;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import dev.landlockstudio.enforcer.host.HostFsView;
import dev.landlockstudio.enforcer.host.HostInspector;
import dev.landlockstudio.enforcer.host.HostReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The one way to try a policy on this host, for the command line and the web alike: {@link #prepare} checks the host,
 * caps the ABI, lowers the policy once and refuses what must be refused; {@link #run} then tries it in its mode.
 */
public final class Trial {

    /** What a run gave: probe counts, or the command's result. */
    public sealed interface Result {
    }

    public record Probed(int probes, int mismatches) implements Result {
    }

    public record Ran(ConfinedCommand.Result command) implements Result {
    }

    /** Every layer's rules in one policy: what is laid out and probed. */
    private final ResolvedPolicy policy;
    private final TrialMode mode;
    private final RulesetStack.Lowered lowered;
    private final RulesetStatus status;

    private Trial(PolicyStack stack, TrialMode mode, RulesetStack.Lowered lowered) {
        this.policy = stack.combined();
        this.mode = mode;
        this.lowered = lowered;
        this.status = lowered.status();
    }

    /** As {@link #prepare(PolicyStack, TrialMode, Integer, HostReport)}, asking the kernel now (OverlayFS only for an overlay trial). */
    public static Trial prepare(ResolvedPolicy policy, TrialMode mode, Integer abi) throws TrialRefused {
        return prepare(PolicyStack.of(policy), mode, abi);
    }

    /** As {@link #prepare(ResolvedPolicy, TrialMode, Integer)} for a policy and its bases, each applied as its own ruleset. */
    public static Trial prepare(PolicyStack policy, TrialMode mode, Integer abi) throws TrialRefused {
        HostInspector.Support landlock = HostInspector.landlock();
        String overlay = mode instanceof TrialMode.Overlay && landlock.abi() != null ? HostInspector.overlayProblem() : null;
        return prepare(policy, mode, abi, new HostReport(null, landlock.abi(), landlock.errata(), landlock.unavailable(),
                overlay == null, overlay));
    }

    /**
     * @param abi  the ABI to lower for, or null for the host's (at most the newest known)
     * @param host what this host offers (a cached report will do)
     */
    public static Trial prepare(ResolvedPolicy policy, TrialMode mode, Integer abi, HostReport host) throws TrialRefused {
        return prepare(PolicyStack.of(policy), mode, abi, host);
    }

    /**
     * As {@link #prepare(ResolvedPolicy, TrialMode, Integer, HostReport)} for a stack: each layer lowered on its own,
     * applied in order as rulesets of their own (refused when any layer is a hard requirement the ABI cannot meet).
     */
    public static Trial prepare(PolicyStack policy, TrialMode mode, Integer abi, HostReport host) throws TrialRefused {
        if (host.abi() == null) {
            throw new TrialRefused(TrialRefused.Reason.NO_LANDLOCK, 0, "Landlock is unavailable on this host: "
                    + host.landlockUnavailable());
        }
        if (mode instanceof TrialMode.Overlay && !host.overlayMountable()) {
            throw new TrialRefused(TrialRefused.Reason.NO_OVERLAYFS, 0, "OverlayFS cannot be mounted here: " + host.overlay()
                    + "; try in a scratch tree instead");
        }
        int hostAbi = host.newestAbi();
        int tryAbi = abi == null ? hostAbi : abi;
        if (tryAbi < AbiTable.oldest() || tryAbi > hostAbi) {
            throw new TrialRefused(TrialRefused.Reason.ABI_OUT_OF_RANGE, 0, "ABI " + tryAbi + " cannot be tried here: choose"
                    + " one from " + AbiTable.oldest() + " to " + hostAbi + ", this host's"
                    + (host.abi() > hostAbi ? " (at most the newest known)" : ""));
        }
        Trial trial = new Trial(policy, mode, Compiler.lower(policy, tryAbi, exceptView(policy.combined(), mode)));
        if (trial.status == RulesetStatus.REFUSED) {
            throw new TrialRefused(TrialRefused.Reason.HARD_REQUIREMENT, tryAbi, "refused: the policy is a hard requirement"
                    + " that ABI " + tryAbi + " cannot meet: " + trial.lost());
        }
        return trial;
    }

    /**
     * What except paths expand against: the tree a scratch or overlay trial lays out for every probe, or this host's
     * own paths (only looked at, never opened) for a host trial and a command.
     */
    private static FsView exceptView(ResolvedPolicy policy, TrialMode mode) {
        if (!policy.hasExcepts()) {
            return FsView.empty();
        }
        if (mode instanceof TrialMode.Scratch || mode instanceof TrialMode.Overlay) {
            return ScratchTrial.layout(policy);
        }
        try {
            return HostFsView.ofExcepts(policy);
        } catch (IOException e) {
            throw new UncheckedIOException(IoFailure.of("reading what exists beside the except paths", e));
        }
    }

    public int abi() {
        return lowered.rulesets().abi();
    }

    /** The rulesets the policy and its bases are lowered to at {@link #abi()}, in the order they are applied. */
    RulesetStack rulesets() {
        return lowered.rulesets();
    }

    public RulesetStatus status() {
        return status;
    }

    /** The status as a sentence, with what is not enforced and why: what the command line prints and a dry run keeps. */
    public String describeStatus() {
        List<String> names = lowered.rulesets().layers().stream().map(RulesetStack.Layer::name).toList();
        return (names.size() > 1 ? "stack of " + names.size() + " (" + String.join(", ", names) + "): " : "") + switch (status) {
            case FULLY_ENFORCED -> "fully enforced at ABI " + abi();
            case PARTIALLY_ENFORCED -> "partially enforced at ABI " + abi() + ", not enforced: " + lost();
            case NOT_ENFORCED -> "not enforced at ABI " + abi() + ": nothing is restricted, every probe is expected to be"
                    + " allowed (" + lost() + ")";
            case REFUSED -> throw new IllegalStateException("a refused trial is never prepared");
        };
    }

    /** Tries the policy in its mode; {@code listener} hears how many probes there are, then each as soon as it is tried. */
    public Result run(TrialListener listener) throws Exception {
        if (mode instanceof TrialMode.Command command) {
            return new Ran(ConfinedCommand.run(lowered.rulesets(), command.command(), command.environment(), command.limits()));
        }
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger mismatches = new AtomicInteger();
        TrialListener counted = new TrialListener() {
            @Override
            public void planned(int planned) {
                listener.planned(planned);
            }

            @Override
            public void row(TrialRow row) {
                probes.incrementAndGet();
                if (!row.match()) {
                    mismatches.incrementAndGet();
                }
                listener.row(row);
            }

            @Override
            public void leftOut() {
                listener.leftOut();
            }
        };
        if (mode instanceof TrialMode.Scratch scratch) {
            ScratchTrial.run(policy, lowered.rulesets(), scratch.given(), counted);
        } else if (mode instanceof TrialMode.Host host) {
            HostTrial.run(policy, lowered.rulesets(), host.given(), counted);
        } else if (mode instanceof TrialMode.Overlay overlay) {
            OverlayTrial.run(policy, lowered.rulesets(), overlay.lower(), overlay.given(), counted);
        }
        return new Probed(probes.get(), mismatches.get());
    }

    /** Every part of the policy this ABI cannot express, each at its place in the document. */
    private String lost() {
        return lowered.items().stream().filter(i -> ReportCode.inexpressible(i.code()))
                .map(Trial::describe).collect(Collectors.joining("; "));
    }

    private static String describe(ReportItem item) {
        return (item.pointer().isEmpty() ? "/" : item.pointer()) + ": " + item.message();
    }
}
