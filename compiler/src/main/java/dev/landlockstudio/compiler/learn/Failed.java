package dev.landlockstudio.compiler.learn;

/**
 * A recorded system call that failed unconfined: it needed nothing the policy must grant, and is noted, not granted.
 *
 * @param path the path or port it was about, or null
 */
public record Failed(int line, String syscall, String path, String errno) {
}
