package dev.landlockstudio.compiler.formats.ocilauncher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the c target's program as a static executable with the host's gcc: a container's rootfs may have no C
 * library, or another one, so the launcher must need nothing from it. The file appears only when the build succeeded.
 */
public final class LauncherBuild {

    private static final long TIMEOUT_SECONDS = 120;

    private LauncherBuild() {
    }

    /** What the host lacks, or gcc's own complaint. */
    public static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    /** Builds {@code source} into {@code output} (mode 0755), replacing it. */
    public static void build(String source, Path output) throws Failure {
        requireStaticLibc();
        Path work = null;
        try {
            work = Files.createTempDirectory("landlock-studio-launcher-");
            Path c = work.resolve("launcher.c");
            Path binary = work.resolve("launcher");
            Files.writeString(c, source, StandardCharsets.UTF_8);
            run(List.of("gcc", "-static", "-O2", "-Wall", "-o", binary.toString(), c.toString()));
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(binary, output.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Failure("cannot write " + output + ": its folder does not exist");
        } catch (IOException e) {
            throw new Failure("cannot write " + output + ": " + e);
        } finally {
            delete(work);
        }
    }

    /** gcc answers with a bare file name when it has no such library to link. */
    private static void requireStaticLibc() throws Failure {
        String libc = run(List.of("gcc", "-print-file-name=libc.a")).strip();
        if (!libc.startsWith("/") || !Files.isRegularFile(Path.of(libc))) {
            throw new Failure("the static C library (libc.a) is missing, so gcc cannot link a static launcher;"
                    + " on Debian it is in libc6-dev (apt-get install libc6-dev)");
        }
    }

    private static String run(List<String> command) throws Failure {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new Failure("gcc is not installed (or not on PATH), so the launcher cannot be built;"
                    + " on Debian: apt-get install gcc libc6-dev");
        }
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new Failure("gcc took more than " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new Failure(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while gcc ran");
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
