package dev.landlockstudio.enforcer.audit;

import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_CLOEXEC;
import static dev.landlockstudio.enforcer.syscall.OpenFlags.O_NONBLOCK;

import com.sun.jna.LastErrorException;
import dev.landlockstudio.enforcer.syscall.Errno;
import dev.landlockstudio.enforcer.syscall.LibC;
import java.nio.charset.StandardCharsets;

/**
 * The kernel log as /dev/kmsg gives it, from its end when opened: only what is logged afterwards, read without ever
 * blocking. With audit on and no audit daemon listening, the kernel prints its audit records there.
 */
public final class KernelLog implements AutoCloseable {

    private static final int SEEK_END = 2;

    private final int fd;
    private boolean overwritten;

    public KernelLog() {
        fd = LibC.INSTANCE.open("/dev/kmsg", O_NONBLOCK | O_CLOEXEC, 0);
        LibC.INSTANCE.lseek(fd, 0, SEEK_END);
    }

    /** The messages logged since the last call, one a line, without kmsg's prefix (priority, sequence, time). */
    public String readNew() {
        StringBuilder messages = new StringBuilder();
        byte[] record = new byte[8192];
        while (true) {
            int length;
            try {
                length = (int) LibC.INSTANCE.read(fd, record, record.length);
            } catch (LastErrorException e) {
                // The next record was overwritten before it was read; reading goes on with the oldest one left.
                if (e.getErrorCode() == Errno.EPIPE) {
                    overwritten = true;
                    continue;
                }
                if (e.getErrorCode() == Errno.EAGAIN) {
                    return messages.toString();
                }
                throw e;
            }
            String text = new String(record, 0, length, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            messages.append(text, text.indexOf(';') + 1, end < 0 ? text.length() : end).append('\n');
        }
    }

    /** Whether records were overwritten in the kernel's buffer before they could be read: some are missing. */
    public boolean overwritten() {
        return overwritten;
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(fd);
    }
}
