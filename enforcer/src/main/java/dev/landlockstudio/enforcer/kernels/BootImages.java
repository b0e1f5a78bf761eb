package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The files each kernel of a {@link KernelCheck} is handed once resumed, as a cpio archive: they must hold {@code run},
 * the script the VM runs then (with one argument: "loaded" when OverlayFS is, else why not), which prints the ABI
 * probe's line first ({@code /landlock-abi} is in the saved boot).
 */
public interface BootImages {

    /** Builds, before any kernel runs, what every kernel's files share, in {@code work}. */
    default void prepare(Path work) throws IOException {
    }

    /** The files {@code kernel} is handed, built in {@code folder}, a folder of its own; called on the run's thread. */
    Path build(CachedKernel kernel, Path folder) throws IOException;
}
