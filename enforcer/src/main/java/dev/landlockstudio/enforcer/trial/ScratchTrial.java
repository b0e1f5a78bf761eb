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
import dev.landlockstudio.enforcer.probe.Peers;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.enforcer.sandbox.RestrictedThread;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tries a policy in a scratch tree: its paths are recreated under a temporary root and its rules moved there, so
 * every access, destructive ones too, is tried for real without touching the host's files. Each probe gets a fresh
 * tree holding exactly what it needs (the file it reads or removes, no entry where it creates one). Network and scope
 * probes reach peers opened outside the sandbox: listeners on 127.0.0.1, a process, an abstract socket server.
 */
public final class ScratchTrial {

    private ScratchTrial() {
    }

    /** @param given probes to try instead of the generated ones, or null */
    public static List<TrialRow> run(ResolvedPolicy policy, Ruleset ruleset, List<AccessRequest> given) throws Exception {
        Path root = Files.createTempDirectory("landlock-studio-scratch");
        try (Peers peers = Peers.open()) {
            Ruleset moved = RulesetPaths.under(ruleset, root, false);
            List<TrialRow> rows = new ArrayList<>();
            // Probing once unrestricted loads every class the restricted threads will use.
            ProbeRunner.run(AccessRequest.onPath(Operation.READ_DIR, root.toString()));
            for (AccessRequest probe : given != null ? given : Probes.of(policy)) {
                if (!ProbeRunner.SUPPORTED.contains(probe.operation())
                        || (probe.operation() == Operation.CONNECT_TCP && probe.port() == 0)) {
                    continue;
                }
                AccessRequest inScratch = RulesetPaths.under(probe, root);
                // Unrestricted first: a probe this host refuses anyway (mknod without CAP_MKNOD) says nothing of Landlock.
                FileTrees.delete(root);
                layOut(root, policy, inScratch);
                if (probe.operation().kind() == RightKind.FS && ProbeRunner.run(inScratch, peers).result() != ProbeRunner.Result.ALLOWED) {
                    continue;
                }
                FileTrees.delete(root);
                FsView view = layOut(root, policy, inScratch).build();
                Decision predicted = new Evaluator(List.of(moved), view).decide(inScratch);
                ProbeRunner.Outcome outcome;
                try (ServerSocket listener = Peers.listenerFor(inScratch)) {
                    outcome = RestrictedThread.run(moved, () -> ProbeRunner.run(inScratch, peers)).value();
                }
                rows.add(TrialRow.of(Probes.describe(probe), predicted, outcome));
            }
            return rows;
        } finally {
            FileTrees.delete(root);
        }
    }

    /**
     * Lays out, beneath {@code root}, every rule path as a directory and what the probe needs where it acts (the file
     * it reads or removes; nothing where it creates). Returns the view the evaluator should judge it with.
     */
    static FsView.Builder layOut(Path root, ResolvedPolicy policy, AccessRequest probe) throws IOException {
        FsView.Builder view = new FsView.Builder().add(root.toString(), FsView.Type.DIRECTORY);
        List<String> places = new ArrayList<>();
        policy.pathRules().forEach(rule -> rule.paths().forEach(p -> places.add(RulesetPaths.under(root, p))));
        places.add(RulesetPaths.under(root, Probes.OUTSIDE));
        for (String place : places) {
            Files.createDirectories(Path.of(place));
            view.add(place, FsView.Type.DIRECTORY);
        }
        if (probe.path() == null) {
            return view;
        }
        Path target = Path.of(probe.path());
        Files.createDirectories(target.getParent());
        switch (probe.operation()) {
            case READ_FILE, WRITE_FILE, TRUNCATE, OPEN_TRUNC, REMOVE_FILE, RENAME, LINK -> {
                Files.writeString(target, "scratch");
                view.add(target.toString(), FsView.Type.FILE);
            }
            case REMOVE_DIR -> {
                Files.createDirectory(target);
                view.add(target.toString(), FsView.Type.DIRECTORY);
            }
            default -> { }
        }
        return view;
    }
}
