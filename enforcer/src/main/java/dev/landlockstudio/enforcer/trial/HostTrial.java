package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.FsView;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.enforcer.host.HostFsView;
import dev.landlockstudio.enforcer.probe.Peers;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tries a policy on the host's own paths with accesses that change nothing: listing directories, reading regular
 * files, and opening non-executable regular files for writing (no creation, truncation or write). For each rule
 * path, these accesses on it or an entry in it, and on an entry beside it that no rule covers. Every probe first
 * runs unrestricted; one the host refuses anyway (permissions, a busy file) is left out, so that only Landlock's
 * answers are compared with the evaluator's.
 */
public final class HostTrial {

    private HostTrial() {
    }

    /** @param given probes to try instead of the generated ones (only {@link ProbeSpec#HARMLESS} ones), or null */
    public static List<TrialRow> run(ResolvedPolicy policy, Ruleset ruleset, List<AccessRequest> given) throws Exception {
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
            probes.addAll(given);
        }
        for (String rulePath : given != null ? List.<String>of() : rulePaths) {
            Path place = Path.of(rulePath);
            probesOn(place, probes);
            insideOf(place).ifPresent(inside -> probesOn(inside, probes));
            besideOf(place, rulePaths).ifPresent(beside -> probesOn(beside, probes));
        }
        List<String> paths = new ArrayList<>(rulePaths);
        probes.stream().filter(p -> p.path() != null).forEach(p -> paths.add(p.path()));
        FsView view = HostFsView.of(paths);
        Evaluator evaluator = new Evaluator(List.of(ruleset), view);
        List<TrialRow> rows = new ArrayList<>();
        try (Peers peers = Peers.open()) {
            for (AccessRequest probe : probes) {
                rows.addAll(tryOne(ruleset, evaluator, peers, probe));
            }
        }
        return rows;
    }

    /** The probe's row, or none when the host refuses a filesystem probe even unrestricted. */
    private static List<TrialRow> tryOne(Ruleset ruleset, Evaluator evaluator, Peers peers, AccessRequest probe) throws Exception {
        if (probe.operation().kind() == RightKind.FS && ProbeRunner.run(probe).result() != ProbeRunner.Result.ALLOWED) {
            return List.of();
        }
        Decision predicted = evaluator.decide(probe);
        ProbeRunner.Outcome outcome;
        try (ServerSocket listener = Peers.listenerFor(probe)) {
            outcome = RestrictedThread.run(ruleset, () -> ProbeRunner.run(probe, peers)).value();
        }
        return List.of(TrialRow.of(Probes.describe(probe), predicted, outcome));
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
