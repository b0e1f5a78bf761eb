package dev.landlockstudio.enforcer.probe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.enforcer.syscall.LibC;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What network and scope probes reach, set up outside any sandbox: a TCP listener on 127.0.0.1, a process to
 * signal, and an abstract UNIX socket server. Close it when the probes are done.
 */
public final class Peers implements AutoCloseable {

    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;

    private static final int SHUT_RDWR = 2;

    private final ServerSocket listener;
    private final Process signalled;
    private final int abstractSocket;
    private final String abstractName;

    private Peers(ServerSocket listener, Process signalled, int abstractSocket, String abstractName) {
        this.listener = listener;
        this.signalled = signalled;
        this.abstractSocket = abstractSocket;
        this.abstractName = abstractName;
        // Connections are accepted and closed at once: a full backlog would make the next connect probe block.
        startDaemon("tcp-peer", () -> {
            while (!listener.isClosed()) {
                try {
                    listener.accept().close();
                } catch (IOException e) {
                    return;
                }
            }
        });
        startDaemon("abstract-socket-peer", () -> {
            while (true) {
                try {
                    LibC.INSTANCE.close(LibC.INSTANCE.accept(abstractSocket, null, null));
                } catch (LastErrorException e) {
                    return;
                }
            }
        });
    }

    private static void startDaemon(String name, Runnable loop) {
        Thread thread = new Thread(loop, "landlock-studio-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    public static Peers open() throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Process signalled = new ProcessBuilder("sleep", "600").start();
        String name = "landlock-studio-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        int fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_STREAM, 0);
        LibC.INSTANCE.bind(fd, unixAddress(name, true), unixAddressLength(name));
        LibC.INSTANCE.listen(fd, 16);
        return new Peers(listener, signalled, fd, name);
    }

    /** The TCP port something listens on, for connect probes. */
    public int listeningPort() {
        return listener.getLocalPort();
    }

    /** A process outside the sandbox, for signal probes. */
    public int signalledPid() {
        return (int) signalled.pid();
    }

    /** The abstract UNIX socket a server outside the sandbox listens on. */
    public String abstractName() {
        return abstractName;
    }

    /**
     * For a connect probe, something listening where it connects, opened outside the sandbox for the probe's time
     * only: on its TCP port (a bind probe on the same port needs it free), or at its path for resolve_unix (the
     * directory must exist). Null for other probes, or when the port or path is taken already.
     */
    public static Closeable listenerFor(AccessRequest probe) {
        try {
            return switch (probe.operation()) {
                case CONNECT_TCP -> {
                    ServerSocket listener = new ServerSocket();
                    listener.setReuseAddress(true);
                    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), probe.port()));
                    yield listener;
                }
                case RESOLVE_UNIX -> ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                        .bind(UnixDomainSocketAddress.of(probe.path()));
                default -> null;
            };
        } catch (IOException e) {
            return null;
        }
    }

    /** sockaddr_un for a path, or for an abstract name (whose sun_path starts with a NUL byte). */
    static Memory unixAddress(String name, boolean isAbstract) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        Memory address = new Memory(unixAddressLength(name));
        address.clear();
        address.setShort(0, (short) AF_UNIX);
        address.write(isAbstract ? 3 : 2, bytes, 0, bytes.length);
        return address;
    }

    /** Family, name and one NUL: before the name for an abstract one, after it for a path. */
    static int unixAddressLength(String name) {
        return 2 + 1 + name.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        signalled.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        // shutdown wakes the accept loop, which then ends; close frees the name.
        LibC.INSTANCE.shutdown(abstractSocket, SHUT_RDWR);
        LibC.INSTANCE.close(abstractSocket);
    }
}
