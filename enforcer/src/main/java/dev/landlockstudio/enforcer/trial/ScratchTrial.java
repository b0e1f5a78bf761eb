package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.FsView;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.enforcer.probe.Peers;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tries a policy in a scratch tree: its paths are recreated under a temporary root and its rules moved there, so
 * every access, destructive ones too, is tried for real without touching the host's files. Each probe gets a fresh
 * tree holding exactly what it needs (the file it reads or removes, no entry where it creates one). Network and scope
 * probes reach peers opened outside the sandbox: listeners on 127.0.0.1, a process, an abstract socket server.
 */
public final class ScratchTrial {

    private ScratchTrial() {
    }

    /**
     * @param given probes to try instead of the generated ones, or null
     * @param onRow receives each probe's row as soon as it is tried
     */
    public static void run(ResolvedPolicy policy, Ruleset ruleset, List<AccessRequest> given, Consumer<TrialRow> onRow)
            throws Exception {
        Path root = Files.createTempDirectory("landlock-studio-scratch");
        try (Peers peers = Peers.open()) {
            Ruleset moved = RulesetPaths.under(ruleset, root, false);
            // Probing once unrestricted loads every class the restricted threads will use.
            ProbeRunner.run(AccessRequest.onPath(Operation.READ_DIR, root.toString()));
            for (AccessRequest probe : given != null ? given : Probes.of(policy)) {
                AccessRequest inScratch = RulesetPaths.under(probe, root);
                CheckedProbe.run(moved, inScratch, probe, peers, () -> {
                    FileTrees.delete(root);
                    return layOut(root, policy, inScratch).build();
                }).ifPresent(onRow);
            }
        } finally {
            FileTrees.delete(root);
        }
    }

    /**
     * Lays out, beneath {@code root}, every rule path as a directory and what the probe needs where it acts (the file
     * it reads or removes, an empty executable, a device node; nothing where it creates; the socket of resolve_unix is
     * bound by {@link Peers#listenerFor}). Returns the view the evaluator should judge it with.
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
            case EXECUTE -> {
                Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                view.add(target.toString(), FsView.Type.FILE);
            }
            case IOCTL_DEV -> {
                // Without CAP_MKNOD no node is made, and the unrestricted run leaves the probe out.
                ProbeRunner.run(AccessRequest.onPath(Operation.MAKE_CHAR, target.toString()));
                view.add(target.toString(), FsView.Type.CHAR_DEVICE);
            }
            case RESOLVE_UNIX -> view.add(target.toString(), FsView.Type.SOCKET);
            default -> { }
        }
        return view;
    }
}
