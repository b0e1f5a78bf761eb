package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A download's progress on a terminal, redrawn in place every fifth of a second from the size of the file apt-get is
 * writing into its folder (named after its package), against the size apt's lists give:
 * "ABI 10: [#########           ] 16.0 / 37.8 MB".
 */
final class DownloadBar implements AutoCloseable {

    private static final int WIDTH = 30;
    private final Path folder;
    private final String prefix;
    private final long expected;
    private final String label;
    private final PrintWriter out;
    private final Thread drawer;

    /** Starts drawing; {@link #close} draws the last state and ends the line. */
    DownloadBar(Path folder, String prefix, long expected, String label, PrintWriter out) {
        this.folder = folder;
        this.prefix = prefix;
        this.expected = expected;
        this.label = label;
        this.out = out;
        this.drawer = new Thread(this::drawUntilInterrupted, "download-bar");
        drawer.setDaemon(true);
        drawer.start();
    }

    /** "[#########           ] 16.0 / 37.8 MB" for {@code done} of {@code expected} bytes. */
    static String bar(long done, long expected) {
        int filled = expected <= 0 ? 0 : (int) Math.min(WIDTH, done * WIDTH / expected);
        return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "]"
                + String.format(Locale.ROOT, " %.1f / %.1f MB", done / 1e6, expected / 1e6);
    }

    private void drawUntilInterrupted() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                draw();
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void draw() {
        out.print("\r" + label + bar(downloaded(), expected));
        out.flush();
    }

    /** The bytes of the package's file so far: apt-get download writes it into the folder as it arrives. */
    private long downloaded() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        drawer.interrupt();
        try {
            drawer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        out.println();
        out.flush();
    }
}
