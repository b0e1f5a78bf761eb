package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * qemu's human monitor on a Unix socket of the VM's own folder: a command is a line, and its answer is everything up
 * to the next "(qemu) " prompt (with the terminal's echo of the command, which callers do not need to strip: they
 * look for a word in it).
 */
final class QemuMonitor implements AutoCloseable {

    private static final String PROMPT = "(qemu) ";

    private final SocketChannel channel;
    private final InputStream in;

    private QemuMonitor(SocketChannel channel) {
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
    }

    /** Connects to the monitor qemu listens on at {@code socket}, waiting while qemu has not yet made it. */
    static QemuMonitor connect(Path socket, Process qemu) throws IOException, InterruptedException {
        for (int tries = 0; ; tries++) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                QemuMonitor monitor = new QemuMonitor(channel);
                monitor.answer();
                return monitor;
            } catch (IOException e) {
                channel.close();
                if (!qemu.isAlive() || tries > 500) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    /** Runs a command and returns its answer. */
    String command(String line) throws IOException {
        channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        return answer();
    }

    private String answer() throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(PROMPT)) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("qemu closed its monitor");
            }
            text.append((char) c);
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
