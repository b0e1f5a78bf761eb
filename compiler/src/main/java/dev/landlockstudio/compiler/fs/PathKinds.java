package dev.landlockstudio.compiler.fs;

/**
 * What the compiler knows of the paths a policy names. The compiler never touches the host; a filesystem
 * view or the enforcer tells it which paths are files, so directory-only rights can be masked ahead of time; paths
 * it cannot tell are left to the C program and the enforcer, which mask at apply time.
 */
@FunctionalInterface
public interface PathKinds {

    enum Kind { DIRECTORY, FILE, UNKNOWN }

    Kind kindOf(String path);
}
