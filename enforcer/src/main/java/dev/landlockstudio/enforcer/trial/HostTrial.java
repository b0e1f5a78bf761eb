package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.enforcer.host.HostFsView;
import dev.landlockstudio.enforcer.probe.Peers;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.Landlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Tries a policy on the host's own paths without changing what is there. On existing entries only accesses that
 * change nothing: listing directories, reading regular files, opening non-executable regular files for writing (no
 * creation, truncation or write). Creation, removal, rename and link act only on entries of its own, under names no
 * one else uses, which an unrestricted thread makes before and removes after each probe. Probes go on each rule path,
 * an entry in it, and an entry beside it that no rule covers; network and scope probes reach peers outside the
 * sandbox. Every probe first runs unrestricted and is left out if the host refuses it anyway (permissions, a port in
 * use), so that only Landlock's answers are compared with the evaluator's.
 *
 * <p>Opens only what may be opened: a probe that reads, writes or lists opens a regular file or a directory and
 * nothing else ({@link ProbeRunner#runOnRealPaths}); a FIFO, a socket or a device on a probed path gives a row saying
 * it was not tried. Each run of a probe has a thread of its own and {@link CheckedProbe#LIMIT}: one that overruns is
 * abandoned and its row says it timed out, so no probe can hold the caller.
 */
public final class HostTrial {

    /** Rights tried on entries of the trial's own, in each directory it probes. */
    private static final Set<String> ON_OWN_ENTRIES = Set.of("make_reg", "make_dir", "make_sym", "make_fifo", "make_sock",
            "make_char", "make_block", "remove_file", "remove_dir", "refer");
    private static final AtomicLong NAMES = new AtomicLong();

    private HostTrial() {
    }

    /**
     * @param given probes to try instead of the generated ones (only {@link ProbeSpec#HARMLESS} ones), or null
     * @param listener told how many probes there are, then each one's row as soon as it is tried
     */
    public static void run(ResolvedPolicy policy, RulesetStack ruleset, List<AccessRequest> given, TrialListener listener)
            throws Exception {
        List<String> rulePaths = new ArrayList<>();
        policy.pathRules().forEach(rule -> rulePaths.addAll(rule.paths()));
        Set<AccessRequest> probes = new LinkedHashSet<>();
        if (given != null) {
            for (AccessRequest probe : given) {
                if (!ProbeSpec.HARMLESS.contains(probe.operation())) {
                    throw new IllegalArgumentException(probe.operation().documentName() + " changes what it touches: try it"
                            + " with --scratch or --overlay, not on the host's own paths");
                }
            }
            probes.addAll(ProbeSpec.requireNamed(given));
        } else {
            List<Path> directories = new ArrayList<>();
            for (String rulePath : rulePaths) {
                Path place = Path.of(rulePath);
                probesOn(place, probes);
                insideOf(place).ifPresent(inside -> probesOn(inside, probes));
                Optional<Path> beside = besideOf(place, rulePaths);
                beside.ifPresent(b -> probesOn(b, probes));
                Stream.concat(Stream.of(place), beside.stream())
                        .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !directories.contains(p))
                        .forEach(directories::add);
            }
            probes.addAll(onOwnEntries(policy, directories));
            Probes.of(policy).stream().filter(p -> p.operation().kind() != RightKind.FS).forEach(probes::add);
        }
        List<String> paths = new ArrayList<>(rulePaths);
        probes.stream().filter(p -> p.path() != null).forEach(p -> paths.add(p.path()));
        FsView view = HostFsView.of(paths);
        try (Peers peers = Peers.open()) {
            listener.planned(probes.size());
            for (AccessRequest probe : probes) {
                try {
                    CheckedProbe.Tried tried = CheckedProbe.attempt(ruleset, Landlock.AT_FDCWD, probe, peers, true, () -> {
                        removeOwnEntries(probe);
                        makeWhatItActsOn(probe);
                        return view;
                    });
                    CheckedProbe.row("", ruleset, probe, probe, tried).ifPresentOrElse(listener::row, listener::leftOut);
                } finally {
                    removeOwnEntries(probe);
                }
            }
        }
    }

    /** The harmless accesses on {@code path}: list a directory; read, and open for writing, a plain file. */
    private static void probesOn(Path path, Set<AccessRequest> probes) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            probes.add(AccessRequest.onPath(Operation.READ_DIR, path.toString()));
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            probes.add(AccessRequest.onPath(Operation.READ_FILE, path.toString()));
            if (!Files.isExecutable(path)) {
                probes.add(AccessRequest.onPath(Operation.WRITE_FILE, path.toString()));
            }
        }
    }

    /**
     * For each handled right that creates, removes or moves, one probe in each directory on an entry of the trial's
     * own; a move goes to the next directory, so that refer is tried across rules.
     */
    private static List<AccessRequest> onOwnEntries(ResolvedPolicy policy, List<Path> directories) {
        List<AccessRequest> probes = new ArrayList<>();
        for (int i = 0; i < directories.size(); i++) {
            String entry = ownName(directories.get(i));
            for (AccessRight right : policy.handled(RightKind.FS).rights()) {
                if (!ON_OWN_ENTRIES.contains(right.name())) {
                    continue;
                }
                probes.add(right.name().equals("refer")
                        ? AccessRequest.move(Operation.RENAME, entry, ownName(directories.get((i + 1) % directories.size())))
                        : AccessRequest.onPath(Operation.named(right.name()).orElseThrow(), entry));
            }
        }
        return probes;
    }

    private static String ownName(Path directory) {
        return directory.resolve(".landlock-studio-probe-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet()).toString();
    }

    private static boolean isOwnEntry(String path) {
        return path != null && Path.of(path).getFileName().toString().startsWith(".landlock-studio-probe-");
    }

    /** What a removal or move of an own entry needs: the entry itself. */
    private static void makeWhatItActsOn(AccessRequest probe) throws IOException {
        if (!isOwnEntry(probe.path())) {
            return;
        }
        try {
            switch (probe.operation()) {
                case REMOVE_FILE, RENAME, LINK -> Files.createFile(Path.of(probe.path()));
                case REMOVE_DIR -> Files.createDirectory(Path.of(probe.path()));
                default -> { }
            }
        } catch (IOException e) {
            throw IoFailure.of("making " + probe.path() + ", an entry of its own for the probe to act on", e);
        }
    }

    private static void removeOwnEntries(AccessRequest probe) throws IOException {
        for (String path : Stream.of(probe.path(), probe.destination()).filter(HostTrial::isOwnEntry).toList()) {
            Files.deleteIfExists(Path.of(path));
        }
    }

    /** The first regular file directly in a directory, by name. */
    private static Optional<Path> insideOf(Path place) {
        if (!Files.isDirectory(place, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(place)) {
            return entries.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The first entry beside {@code place}, by name, that no rule path covers: where the policy should deny. */
    private static Optional<Path> besideOf(Path place, List<String> rulePaths) {
        Path parent = place.getParent();
        if (parent == null) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.filter(p -> rulePaths.stream().noneMatch(r -> p.startsWith(Path.of(r)) || Path.of(r).startsWith(p)))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
