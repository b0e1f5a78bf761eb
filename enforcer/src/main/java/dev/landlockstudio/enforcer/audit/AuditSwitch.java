package dev.landlockstudio.enforcer.audit;

import com.sun.jna.Memory;
import dev.landlockstudio.enforcer.syscall.LibC;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel's audit switch, as {@code auditctl -e} sets it, but with no package to install: AUDIT_GET and AUDIT_SET
 * messages on a NETLINK_AUDIT socket (include/uapi/linux/audit.h). Turned on for a while (a test, learn's refinement
 * runs), and back to what it was.
 */
public final class AuditSwitch implements AutoCloseable {

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int NETLINK_AUDIT = 9;
    private static final short NLMSG_ERROR = 2;
    private static final short NLM_F_REQUEST = 1;
    private static final short NLM_F_ACK = 4;
    private static final short AUDIT_GET = 1000;
    private static final short AUDIT_SET = 1001;
    private static final int AUDIT_STATUS_ENABLED = 1;
    private static final int HEADER = 16;
    /** struct audit_status: eleven __u32, mask and enabled first. */
    private static final int STATUS = 44;
    private static final short POLLIN = 1;
    private static final int REPLY_TIMEOUT_MS = 5000;

    private static final HostSettingLease LEASE = new HostSettingLease();

    private AuditSwitch() {
    }

    /** The kernel's {@code enabled}: 0 off, 1 on, 2 on and locked. */
    private static int enabled() {
        return request(AUDIT_GET, 0, 0).getInt(4);
    }

    /** The audit daemon's pid, 0 when none listens: only then does the kernel print its records to its log. */
    public static int daemon() {
        return request(AUDIT_GET, 0, 0).getInt(12);
    }

    /** Turns audit on (when it is off) until {@link #close()}. */
    public static AuditSwitch on() {
        LEASE.take(() -> {
            if (enabled() != 0) {
                return () -> { };
            }
            request(AUDIT_SET, AUDIT_STATUS_ENABLED, 1);
            return () -> request(AUDIT_SET, AUDIT_STATUS_ENABLED, 0);
        });
        return new AuditSwitch();
    }

    @Override
    public void close() {
        LEASE.giveBack();
    }

    /** Sends one request and waits for its answer: the status for AUDIT_GET, the acknowledgement for AUDIT_SET. */
    private static ByteBuffer request(short type, int mask, int enabled) {
        int fd = LibC.INSTANCE.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
        try {
            Memory kernel = new Memory(12); // sockaddr_nl with nl_pid 0: the kernel
            kernel.clear();
            kernel.setShort(0, (short) AF_NETLINK);
            LibC.INSTANCE.connect(fd, kernel, 12);
            ByteBuffer message = ByteBuffer.allocate(HEADER + STATUS).order(ByteOrder.nativeOrder());
            message.putInt(HEADER + STATUS).putShort(type).putShort((short) (NLM_F_REQUEST | NLM_F_ACK)).putInt(1).putInt(0);
            message.putInt(mask).putInt(enabled);
            LibC.INSTANCE.write(fd, message.array(), message.capacity());
            return answer(fd, type);
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    /** The kernel may send AUDIT_GET's reply before or after the acknowledgement; an error comes as the ack. */
    private static ByteBuffer answer(int fd, short type) {
        byte[] buffer = new byte[8192];
        Memory poll = new Memory(8); // struct pollfd
        while (true) {
            poll.setInt(0, fd);
            poll.setShort(4, POLLIN);
            poll.setShort(6, (short) 0);
            if (LibC.INSTANCE.poll(poll, 1, REPLY_TIMEOUT_MS) == 0) {
                throw new IllegalStateException("the kernel did not answer audit message " + type);
            }
            int length = (int) LibC.INSTANCE.read(fd, buffer, buffer.length);
            if (length <= 0) {
                throw new IllegalStateException("the kernel's audit socket closed before answering audit message " + type);
            }
            ByteBuffer in = ByteBuffer.wrap(buffer, 0, length).order(ByteOrder.nativeOrder());
            for (int at = 0; at + HEADER <= length; at += (in.getInt(at) + 3) & ~3) {
                short received = in.getShort(at + 4);
                if (received == NLMSG_ERROR) {
                    int error = in.getInt(at + HEADER);
                    if (error != 0) {
                        throw new SyscallException("audit netlink " + type, -error, "audit status");
                    }
                    if (type == AUDIT_SET) {
                        return in;
                    }
                } else if (received == AUDIT_GET && type == AUDIT_GET) {
                    return ByteBuffer.wrap(buffer, at + HEADER, STATUS).slice().order(ByteOrder.nativeOrder());
                }
            }
        }
    }
}
