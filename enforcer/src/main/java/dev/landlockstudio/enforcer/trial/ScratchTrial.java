package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.layers.RulesetStack;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.probe.Probes;
import dev.landlockstudio.enforcer.probe.Peers;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import dev.landlockstudio.enforcer.sandbox.FileTrees;
import dev.landlockstudio.enforcer.sandbox.Landlock;
import dev.landlockstudio.enforcer.sandbox.OwnedTemporaryDirectories;
import dev.landlockstudio.enforcer.sandbox.TrialRoot;
import dev.landlockstudio.enforcer.syscall.LibC;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Tries a policy in a scratch tree: each probe gets a fresh temporary directory holding exactly what it needs (the
 * policy's paths as directories, the file it reads or removes, no entry where it creates one), and runs in a
 * {@link TrialRoot} whose root is that directory. The kernel resolves every path, ".." and symlink inside it, so the
 * rules and probes keep the policy's own paths and nothing outside the tree can be reached, destructive accesses
 * included. Network and scope probes reach peers opened outside the sandbox: listeners on 127.0.0.1, a process, an
 * abstract socket server.
 */
public final class ScratchTrial {

    /** Every scratch tree lives in a directory named this, then the owning process's pid and '-'. */
    static final String SCRATCH = "landlock-studio-scratch-";


    private ScratchTrial() {
    }

    /**
     * @param given probes to try instead of the generated ones, or null
     * @param listener told how many probes there are, then each one's row as soon as it is tried
     * @throws IllegalArgumentException when a given probe's path has a "..", "." or empty component
     */
    public static void run(ResolvedPolicy policy, RulesetStack ruleset, List<AccessRequest> given, TrialListener listener)
            throws Exception {
        List<AccessRequest> probes = probes(policy, given);
        sweepLeftovers();
        try (Peers peers = Peers.open()) {
            warmUp(policy, ruleset, peers);
            listener.planned(probes.size());
            for (AccessRequest probe : probes) {
                Path tree = OwnedTemporaryDirectories.create(SCRATCH);
                try {
                    CheckedProbe.Tried tried = TrialRoot.run(() -> {
                        int root = TrialRoot.open(tree);
                        try {
                            TrialRoot.enter(root);
                        } finally {
                            LibC.INSTANCE.close(root);
                        }
                        Path inside = Path.of("/");
                        return CheckedProbe.attempt(ruleset, Landlock.AT_FDCWD, probe, peers, false, () -> {
                            FileTrees.deleteBeneath(inside);
                            return layOut(inside, "/", policy, probe, new FsView.Builder()).build();
                        });
                    });
                    CheckedProbe.row("", ruleset, probe, probe, tried).ifPresentOrElse(listener::row, listener::leftOut);
                } finally {
                    FileTrees.delete(tree);
                }
            }
        }
    }

    /** The {@code given} probes, or the policy's generated ones; IllegalArgumentException as {@link #run} says. */
    static List<AccessRequest> probes(ResolvedPolicy policy, List<AccessRequest> given) {
        return given != null ? ProbeSpec.requireNamed(given) : Probes.of(policy);
    }

    /** Removes the scratch trees of runs that died in the middle (their trees are plain directories and files). */
    static void sweepLeftovers() throws IOException {
        for (Path left : OwnedTemporaryDirectories.leftovers(SCRATCH)) {
            FileTrees.delete(left);
        }
    }

    /**
     * Tries one probe the same way in a fresh temporary tree, without entering it, and forgets the result: the classes
     * a trial's root uses are loaded from here, since a thread that has entered its root cannot read a directory
     * classpath (java-stack-notes.md §3). The tree is new and holds only directories of the trial's own making.
     */
    static void warmUp(ResolvedPolicy policy, RulesetStack ruleset, Peers peers) throws Exception {
        Path tree = OwnedTemporaryDirectories.create(SCRATCH);
        try {
            // The listeners' classes, and the native libraries the JDK loads for them on first use (libnet, libextnet):
            // a failed load in a root would break networking for the whole JVM.
            for (AccessRequest listened : List.of(AccessRequest.onPort(Operation.CONNECT_TCP, 0),
                    AccessRequest.onPath(Operation.RESOLVE_UNIX, tree + "/socket"))) {
                try (Closeable listener = Peers.listenerFor(listened)) {
                    Files.deleteIfExists(tree.resolve("socket"));
                }
            }
            AccessRequest probe = AccessRequest.onPath(Operation.READ_FILE, RulesetPaths.under(tree, Probes.OUTSIDE + "/f"));
            CheckedProbe.attempt(RulesetPaths.under(ruleset, tree, true), Landlock.AT_FDCWD,
                    probe, peers, false, () -> layOut(tree, tree.toString(), policy,
                            AccessRequest.onPath(Operation.READ_FILE, Probes.OUTSIDE + "/f"), new FsView.Builder()
                                    .overlay(tree + "/merged", List.of(tree + "/lower"), tree + "/upper")).build());
        } finally {
            FileTrees.delete(tree);
        }
    }

    /** The directories every scratch tree holds: the rule paths, their except paths, and a place outside them all. */
    private static List<String> places(ResolvedPolicy policy) {
        List<String> places = new ArrayList<>(policy.namedPaths());
        places.add(Probes.OUTSIDE);
        return places;
    }

    /** What every scratch tree holds before a probe adds what it needs: what except paths expand against. */
    static FsView layout(ResolvedPolicy policy) {
        FsView.Builder view = new FsView.Builder().add("/", FsView.Type.DIRECTORY);
        places(policy).forEach(place -> view.add(place, FsView.Type.DIRECTORY));
        return view.build();
    }

    /**
     * Lays out, beneath {@code root}, every rule and except path as a directory and what the probe needs where it acts (the file
     * it reads or removes, an empty executable, a device node; nothing where it creates; the socket of resolve_unix is
     * bound by {@link Peers#listenerFor}), replacing whatever else is at that place. Returns the view the evaluator
     * should judge it with, in paths beneath {@code viewRoot}.
     *
     * @param probe the probe in the policy's own paths
     * @param view  where to add what is laid out (the overlay trial's holds its mount already)
     */
    static FsView.Builder layOut(Path root, String viewRoot, ResolvedPolicy policy, AccessRequest probe, FsView.Builder view)
            throws IOException {
        view.add(viewRoot, FsView.Type.DIRECTORY);
        for (String place : places(policy)) {
            if (makeDirectories(RulesetPaths.in(root, place))) {
                view.add(RulesetPaths.under(viewRoot, place), FsView.Type.DIRECTORY);
            }
        }
        if (probe.path() == null) {
            return view;
        }
        Path target = RulesetPaths.in(root, probe.path());
        String shown = RulesetPaths.under(viewRoot, probe.path());
        if (target.getParent() != null && !makeDirectories(target.getParent())) {
            return view;
        }
        try {
            switch (probe.operation()) {
                case READ_FILE, WRITE_FILE, TRUNCATE, OPEN_TRUNC, REMOVE_FILE, RENAME, LINK -> {
                    clear(target, false);
                    Files.writeString(target, "scratch");
                    view.add(shown, FsView.Type.FILE);
                }
                case REMOVE_DIR -> {
                    clear(target, true);
                    view.add(shown, FsView.Type.DIRECTORY);
                }
                case EXECUTE -> {
                    clear(target, false);
                    Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    view.add(shown, FsView.Type.FILE);
                }
                case IOCTL_DEV -> {
                    clear(target, false);
                    // Without CAP_MKNOD no node is made, and the unrestricted run leaves the probe out.
                    ProbeRunner.run(AccessRequest.onPath(Operation.MAKE_CHAR, target.toString()));
                    view.add(shown, FsView.Type.CHAR_DEVICE);
                }
                case RESOLVE_UNIX -> view.add(shown, FsView.Type.SOCKET);
                default -> { }
            }
        } catch (IOException e) {
            throw IoFailure.of("laying out " + probe.path() + " for the probe", e);
        }
        return view;
    }

    /**
     * Removes whatever is at {@code target} unless it is already what the probe needs: a regular file, or with
     * {@code directory} an empty directory. What a rootfs holds there (a FIFO, a device, a symlink) is never opened.
     */
    private static void clear(Path target, boolean directory) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (directory) {
                Files.createDirectory(target);
            }
            return;
        }
        boolean fits = directory ? Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
                : Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS);
        if (!fits) {
            FileTrees.delete(target);
            if (directory) {
                Files.createDirectory(target);
            }
        } else if (directory) {
            FileTrees.deleteBeneath(target);
        }
    }

    /**
     * Makes {@code directory} and its parents; false when something other than a directory is in the way (in a
     * rootfs, a symlink leading nowhere inside it, say), which is left as it is: the probe then meets what is there.
     */
    private static boolean makeDirectories(Path directory) throws IOException {
        try {
            Files.createDirectories(directory);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw IoFailure.of("making the directory " + directory, e);
        }
    }
}
