package dev.landlockstudio.enforcer.syscall;

/** A failed system call, naming the call, the errno and what it was about (a rule's path, a port). */
public class SyscallException extends RuntimeException {

    private final String syscall;
    private final int errno;

    public SyscallException(String syscall, int errno, String about) {
        super(syscall + (about == null ? "" : " (" + about + ")") + " failed: " + Errno.name(errno));
        this.syscall = syscall;
        this.errno = errno;
    }

    public String syscall() {
        return syscall;
    }

    public int errno() {
        return errno;
    }
}
