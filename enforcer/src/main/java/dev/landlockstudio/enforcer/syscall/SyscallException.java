package dev.landlockstudio.enforcer.syscall;

/** A failed system call: a sentence saying what failed and, where there is one, what to do; plus the call and errno. */
public class SyscallException extends RuntimeException {

    private final String syscall;
    private final int errno;

    /** @param about what the call was about (a rule's path, a port), or null */
    public SyscallException(String syscall, int errno, String about) {
        this(syscall, errno, about, null);
    }

    /**
     * @param meaning what the failure means for the user and what to do, as a sentence; null to say only which call
     *                failed on what
     */
    public SyscallException(String syscall, int errno, String about, String meaning) {
        super((meaning != null ? meaning + " (" + syscall + ": " + Errno.name(errno) + ")"
                : syscall + (about == null ? "" : " on " + about) + " failed with " + Errno.name(errno)));
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
