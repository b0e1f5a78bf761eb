package dev.landlockstudio.enforcer.kernels;

import java.nio.file.Path;

/**
 * A stock kernel in the cache: the package it came from and its uncompressed image, with the image's SHA-256, and
 * its OverlayFS module (null when the kernel was cached before modules were fetched with it).
 */
public record CachedKernel(KernelPackage source, Path vmlinux, long size, String sha256, OverlayModule overlay) {

    public int abi() {
        return source.kernel().abi();
    }

    /** Why a VM of this kernel cannot load OverlayFS, or null when its module is cached. */
    public String overlayProblem() {
        if (overlay == null) {
            return "the kernel was cached without its overlay module: landlock-studio kernels fetch " + abi() + " fetches it";
        }
        return overlay.file() == null ? overlay.missing() : null;
    }
}
