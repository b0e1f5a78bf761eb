package dev.landlockstudio.enforcer.kernels;

import java.nio.file.Path;

/** A stock kernel in the cache: the package it came from and its uncompressed image, with the image's SHA-256. */
public record CachedKernel(KernelPackage source, Path vmlinux, long size, String sha256) {

    public int abi() {
        return source.kernel().abi();
    }
}
