package dev.landlockstudio.enforcer.trial;

/**
 * What a trial tells as it goes: first how many probes it will try, then each probe once tried, as a row or as left
 * out. A lambda that takes rows will do where only the rows count (the command line).
 */
@FunctionalInterface
public interface TrialListener {

    /** Once, before the first probe: how many will be tried, each giving a {@link #row} or a {@link #leftOut}. */
    default void planned(int probes) {
    }

    /** A probe tried, as soon as the kernel has answered it. */
    void row(TrialRow row);

    /** A probe that gives no row: the host refused it even unrestricted (or it had nothing to act on), so it says nothing about Landlock. */
    default void leftOut() {
    }
}
