package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.nio.file.Path;

/** The initramfs each kernel of a {@link KernelCheck} boots with, built in the boots' temporary folder. */
public interface BootImages {

    /** Builds, before any boot, what every kernel's image shares, in {@code work}. */
    default void prepare(Path work) throws IOException {
    }

    /** The image {@code kernel} boots with, built in {@code folder}, a folder of its own; called on the boot's thread. */
    Path build(CachedKernel kernel, Path folder) throws IOException;
}
