package dev.landlockstudio.enforcer.learn;

import dev.landlockstudio.enforcer.command.ConfinedCommand;
import dev.landlockstudio.enforcer.command.UnixUser;
import dev.landlockstudio.enforcer.sandbox.OwnedTemporaryDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Records what a command does, unconfined, with Debian's strace: the command runs contained as a confined command is
 * (descriptors 0-2, minimal environment, the unprivileged user, a PID namespace of its own, the timeout) but under no
 * ruleset, strace following every process it starts and writing its recording to a private directory of the run's own,
 * which only root (strace) can enter: the command cannot rewrite what it is judged by.
 */
public final class StraceRecorder {

    static final String PREFIX = "landlock-studio-learn-";
    /**
     * The calls Landlock cares about: the file, network and process families, and the descriptor calls among them that
     * read directories, truncate and change directory.
     */
    private static final String TRACED = "trace=%file,%network,%process,getdents,getdents64,ftruncate,fchdir";
    /** The largest recording read: a few million calls, far more than a run worth learning from makes. */
    static final int MAX_BYTES = 256 * 1024 * 1024;

    /** The recording and how the command ended unconfined. */
    public record Recorded(String strace, ConfinedCommand.Result result) {
    }

    private StraceRecorder() {
    }

    /** @throws IllegalStateException when strace left no recording (it is not installed, or could not trace) */
    public static Recorded record(List<String> command, Map<String, String> environment, ConfinedCommand.Limits limits)
            throws Exception {
        Path directory = OwnedTemporaryDirectories.create(PREFIX);
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Path recording = directory.resolve("strace");
            List<String> strace = new ArrayList<>(List.of("strace", "-f", "-qq", "-y", "-s", "0", "-e", TRACED,
                    "-e", "signal=none", "-o", recording.toString()));
            ConfinedCommand.Limits tracer = limits;
            if (UnixUser.current().uid() == 0) {
                // strace runs as root and writes where only root can; the command it starts runs as the user (-u), with
                // that user's home, so it cannot touch its own recording. strace is Debian's, not the user's command.
                strace.addAll(List.of("-u", limits.user().name()));
                if (!environment.containsKey("HOME")) {
                    strace.addAll(List.of("-E", "HOME=" + limits.user().home()));
                }
                tracer = new ConfinedCommand.Limits(limits.timeout(), limits.maxOutput(), UnixUser.named("root"));
            }
            strace.add("--");
            strace.addAll(command);
            ConfinedCommand.Result traced = ConfinedCommand.runUnconfined(strace, environment, tracer);
            // The command ran as the user, whoever strace ran as.
            ConfinedCommand.Result result = new ConfinedCommand.Result(traced.exitCode(), traced.signal(), traced.timedOut(),
                    traced.stdout(), traced.stderr(), traced.truncated(), limits.user().name());
            return new Recorded(read(recording, result), result);
        } finally {
            remove(directory);
        }
    }

    /**
     * The recording. Only a plain file is read, never through a link, and only up to {@link #MAX_BYTES}: where learn
     * does not run as root, the command's user owns the directory and may have put anything in the recording's place.
     */
    private static String read(Path recording, ConfinedCommand.Result result) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(recording, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("strace left no recording: " + result.stderr().strip());
        }
        if (!attributes.isRegularFile()) {
            throw new IllegalStateException("the recording is no longer a plain file (the command replaced it): nothing"
                    + " was read from it");
        }
        if (attributes.size() > MAX_BYTES) {
            throw new IllegalStateException("the recording is " + attributes.size() / (1024 * 1024) + " MB, more than "
                    + MAX_BYTES / (1024 * 1024) + " MB: learn a shorter run of the command");
        }
        try (InputStream in = Files.newInputStream(recording, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static void remove(Path directory) throws IOException {
        try (Stream<Path> entries = Files.walk(directory)) {
            for (Path p : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
