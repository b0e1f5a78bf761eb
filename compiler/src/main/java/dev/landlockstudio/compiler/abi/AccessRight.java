package dev.landlockstudio.compiler.abi;

/**
 * One bit the kernel knows: a filesystem or network access right, a scope, or a restrict-self flag.
 *
 * @param kind        which field of the kernel's structs carries it
 * @param name        the policy's name: the kernel's, lower-case, without prefix
 * @param kernelName  the kernel's macro, as in {@code include/uapi/linux/landlock.h}
 * @param value       the bit's value
 * @param firstAbi    the Landlock ABI version that introduced it
 * @param onFile      whether a path-beneath rule on a non-directory may carry it (fs rights only)
 */
public record AccessRight(RightKind kind, String name, String kernelName, long value, int firstAbi, boolean onFile) {
}
