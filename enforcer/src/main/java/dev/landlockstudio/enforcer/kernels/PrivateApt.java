package dev.landlockstudio.enforcer.kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An apt state of its own in the kernel cache (its sources, lists, status and archives), so that fetching kernels
 * never reads or changes the system's apt configuration; only the mirror is taken from it. apt verifies what it
 * downloads against the signed lists.
 */
final class PrivateApt {

    private static final Pattern SIZE = Pattern.compile("(?m)^Size: (\\d+)$");

    private static final List<String> SUITES = StockKernel.all().stream().map(StockKernel::suite).distinct().toList();
    private final Path root;

    PrivateApt(Path root) {
        this.root = root;
    }

    /** Whether lists were fetched before, so that packages can be resolved without the network. */
    boolean hasLists() {
        try (var lists = Files.list(root.resolve("lists"))) {
            return lists.anyMatch(p -> p.getFileName().toString().contains("_Packages"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the sources (of the machine's mirror, for the suites with stock kernels) and fetches their lists. */
    void update(DebianMirror mirror) {
        try {
            Files.createDirectories(root.resolve("lists/partial"));
            Files.createDirectories(root.resolve("archives/partial"));
            Files.createDirectories(root.resolve("sources.list.d"));
            Files.createDirectories(root.resolve("preferences.d"));
            Files.writeString(root.resolve("sources.list"),
                    SUITES.stream().map(mirror::sourceLine).collect(Collectors.joining("\n", "", "\n")));
            if (!Files.exists(root.resolve("status"))) {
                Files.createFile(root.resolve("status"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // A list that cannot be fetched is an error, not a warning over the lists of an earlier fetch.
            run("apt-get", "-q", "--error-on=any", "update");
        } catch (KernelsException e) {
            throw new KernelsException("cannot fetch the package lists of " + mirror.uri()
                    + " (is the network or the mirror reachable?): " + e.getMessage(), e);
        }
    }

    /** The names of the packages whose name matches an apt regular expression. */
    List<String> names(String pattern) {
        return run("apt-cache", "search", "--names-only", pattern).lines()
                .map(line -> line.split(" - ", 2)[0].trim()).filter(s -> !s.isEmpty()).toList();
    }

    /** apt-cache madison: one line per package version, "name | version | uri suite/main arch Packages". */
    List<String> versions(List<String> packages) {
        List<String> command = new ArrayList<>(List.of("apt-cache", "madison"));
        command.addAll(packages);
        return packages.isEmpty() ? List.of() : run(command.toArray(String[]::new)).lines().toList();
    }

    /** The size in bytes of one version of a package, as apt's lists give it (0 when they do not). */
    long size(String name, String version) {
        Matcher size = SIZE.matcher(run("apt-cache", "show", name + "=" + version));
        return size.find() ? Long.parseLong(size.group(1)) : 0;
    }

    /** Downloads one version of a package into a directory (apt checks its checksum), and returns the file. */
    Path download(String name, String version, Path into) {
        run(into, "apt-get", "-q", "download", name + "=" + version);
        try (var files = Files.list(into)) {
            return files.filter(p -> p.getFileName().toString().startsWith(name + "_")).findFirst()
                    .orElseThrow(() -> new KernelsException("apt-get download left no file for " + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String run(String... command) {
        return run(null, command);
    }

    private String run(Path directory, String... command) {
        List<String> full = new ArrayList<>(List.of(command[0]));
        for (String option : List.of(
                "Dir::State=" + root, "Dir::State::status=" + root.resolve("status"), "Dir::Cache=" + root,
                "Dir::Etc::SourceList=" + root.resolve("sources.list"), "Dir::Etc::SourceParts=" + root.resolve("sources.list.d"),
                "Dir::Etc::Preferences=" + root.resolve("preferences"), "Dir::Etc::PreferencesParts=" + root.resolve("preferences.d"),
                "APT::Architecture=amd64", "APT::Architectures=amd64",
                // apt would hand downloads to its unprivileged _apt user, who cannot write into the cache.
                "APT::Sandbox::User=root")) {
            full.add("-o");
            full.add(option);
        }
        full.addAll(List.of(command).subList(1, command.length));
        return HostTools.run(full, directory);
    }
}
