package dev.landlockstudio.enforcer.trial;

/** A trial that cannot start here; nothing was applied or changed. The message says why and what to do. */
public final class TrialRefused extends Exception {

    public enum Reason {
        /** This kernel has no usable Landlock. */
        NO_LANDLOCK,
        /** An overlay trial, and OverlayFS cannot be mounted here. */
        NO_OVERLAYFS,
        /** The ABI asked for is above this host's or below the oldest known. */
        ABI_OUT_OF_RANGE,
        /** The policy is a hard requirement that the ABI cannot meet ({@link dev.landlockstudio.compiler.lowering.RulesetStatus#REFUSED}). */
        HARD_REQUIREMENT
    }

    private final Reason reason;
    private final int abi;

    TrialRefused(Reason reason, int abi, String message) {
        super(message);
        this.reason = reason;
        this.abi = abi;
    }

    public Reason reason() {
        return reason;
    }

    /** The ABI the trial was lowered for (HARD_REQUIREMENT), else 0. */
    public int abi() {
        return abi;
    }
}
