package dev.landlockstudio.compiler.learn;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.abi.RightKind;

/**
 * One access a recorded system call needed, in the kernel's rights: filesystem rights on a path (the file itself, or
 * for make_*, remove_* and refer the directory the entry is in, as the kernel checks them) or network rights on a port.
 *
 * @param line    the system call's line in the recording
 * @param syscall the system call's name
 * @param rights  the rights' bits (AbiTable values) of {@code kind}
 * @param path    for filesystem rights, the absolute path; else null
 * @param port    for network rights, the port; else null
 */
public record Access(int line, String syscall, RightKind kind, long rights, String path, Integer port) {

    /** "openat: read_file" */
    public String describe() {
        return syscall + ": " + String.join(", ", AbiTable.names(kind, rights));
    }
}
