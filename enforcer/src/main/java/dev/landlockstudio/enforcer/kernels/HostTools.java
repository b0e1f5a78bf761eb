package dev.landlockstudio.enforcer.kernels;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The Debian programs that fetching and booting kernels run, each found first so a missing one names its package. */
public final class HostTools {

    /** Everything booting needs, in one install line. */
    public static final String BOOT_PACKAGES = KernelCheck.NEEDS;

    private HostTools() {
    }

    /** The program's path on PATH, or an error telling which package to install. */
    public static Path require(String program, String packages) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new KernelsException(program + " is not installed: apt-get install " + packages);
    }

    /** Runs a command to its end; its stdout, or an error with the end of its stderr. */
    public static String run(List<String> command, Path directory) {
        return run(new ProcessBuilder(command).directory(directory == null ? null : directory.toFile()));
    }

    /** Runs a command to its end with its stdout into a file (binary output); an error with the end of its stderr. */
    static void runInto(List<String> command, Path output) {
        run(new ProcessBuilder(command).redirectOutput(output.toFile()));
    }

    private static String run(ProcessBuilder builder) {
        List<String> command = builder.command();
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
            String out = text(process.getInputStream());
            int status = process.waitFor();
            if (status != 0) {
                throw new KernelsException(String.join(" ", command.subList(0, Math.min(2, command.size())))
                        + " failed (exit " + status + "): " + tail(errors.join()));
            }
            return out;
        } catch (IOException e) {
            throw new KernelsException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelsException("interrupted while running " + command.get(0), e);
        }
    }

    static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last lines of a program's messages, enough to say what went wrong. */
    static String tail(String text) {
        List<String> lines = text.strip().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
    }
}
