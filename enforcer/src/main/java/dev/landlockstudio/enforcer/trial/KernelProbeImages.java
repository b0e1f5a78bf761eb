package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.enforcer.kernels.BootImages;
import dev.landlockstudio.enforcer.kernels.CachedKernel;
import dev.landlockstudio.enforcer.kernels.HostTools;
import dev.landlockstudio.enforcer.kernels.Initramfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files a policy is tried with on stock kernels (resumed from their saved boots, which hold the ABI probe and
 * the OverlayFS module): kernel-run, then kernel-probes.c (with probe-calls.c, the
 * system call of each access), a static C program that tries each probe in a tree of its own, unrestricted and then
 * under the policy's c-target program compiled for the kernel's ABI (linked into it: see the C file), with the peers
 * network and scope probes reach, and prints a line per probe. Each probe's tree is laid out here, on this host, as a
 * scratch trial lays it out, and goes into the files twice (one copy per run), so nothing in the VM needs resetting;
 * the view of each is kept for the evaluator.
 *
 * <p>Where the kernel's OverlayFS module is cached, the probes that change a layer ({@link #OVERLAID}: writes and
 * truncation copy a lower file up, removals leave whiteouts, creation, renames and links copy a lower directory up)
 * are tried again through an overlay mount: a third copy of the tree is the lower layer, each run gets an empty upper
 * layer on a tmpfs, and the child is rooted in merged ({@link #merged}).
 */
final class KernelProbeImages implements BootImages {

    /** The accesses tried through an overlay as well: those that change a layer. */
    static final Set<Operation> OVERLAID = EnumSet.of(Operation.WRITE_FILE, Operation.TRUNCATE, Operation.OPEN_TRUNC,
            Operation.CREAT, Operation.REMOVE_FILE, Operation.REMOVE_DIR, Operation.MAKE_REG, Operation.MAKE_DIR,
            Operation.MAKE_SYM, Operation.RENAME, Operation.LINK);
    /** The probe program reads its list into a buffer of this size. */
    private static final int LIST_LIMIT = 1 << 20;

    private final PolicyStack stack;
    /** Every layer's rules in one policy: what is laid out. */
    private final ResolvedPolicy policy;
    private final List<AccessRequest> probes;
    private final List<FsView> views = new ArrayList<>();
    /** The view of each probe tried through an overlay, by its index. */
    private final Map<Integer, FsView> overlayViews = new TreeMap<>();
    private Path trees;
    private byte[] list;
    /** kernel-probes.c and probe-calls.c, compiled. */
    private List<String> runner;

    /** @param probes the probes, with paths in the policy's own terms */
    KernelProbeImages(PolicyStack stack, List<AccessRequest> probes) {
        this.stack = stack;
        this.policy = stack.combined();
        this.probes = probes;
    }

    /** The view the evaluator judges probe {@code index} with: what its tree held. */
    FsView view(int index) {
        return views.get(index);
    }

    /** The probes tried through an overlay as well, by index, with the view of the mount each met. */
    Map<Integer, FsView> overlayViews() {
        return overlayViews;
    }

    /** Where the VM mounts probe {@code index}'s overlay for its confined run (its unrestricted run has one beside). */
    static Path merged(int index) {
        return overlay(index).resolve("merged");
    }

    private static Path overlay(int index) {
        return Path.of("/overlay", Integer.toString(index), "confined");
    }

    @Override
    public void prepare(Path work) throws IOException {
        // The probe runner is the same for every kernel: compiled once, linked with each kernel's policy program.
        for (String source : List.of("kernel-probes.c", "probe-calls.c", "probe-calls.h")) {
            Files.write(work.resolve(source), resource(source));
        }
        runner = List.of(work.resolve("kernel-probes.o").toString(), work.resolve("probe-calls.o").toString());
        HostTools.run(List.of(gcc(), "-c", "-O2", "kernel-probes.c", "probe-calls.c"), work);
        trees = Files.createDirectory(work.resolve("trees"));
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (int i = 0; i < probes.size(); i++) {
            AccessRequest probe = probes.get(i);
            Path tree = Files.createDirectory(trees.resolve(Integer.toString(i)));
            views.add(ScratchTrial.layOut(tree, "/", policy, probe, new FsView.Builder()).build());
            if (OVERLAID.contains(probe.operation())) {
                Path lower = Files.createDirectory(trees.resolve(i + "-lower"));
                overlayViews.put(i, ScratchTrial.layOut(lower, merged(i).toString(), policy, probe, OverlayTrial.view(merged(i),
                        Path.of("/trees", Integer.toString(i), "lower"), overlay(i).resolve("upper"))).build());
            }
            for (String field : new String[] {Integer.toString(i), probe.operation().documentName(),
                    probe.path() == null ? "" : probe.path(), probe.destination() == null ? "" : probe.destination(),
                    probe.operation().target() == Operation.Target.PORT ? Integer.toString(probe.port()) : "",
                    overlayViews.containsKey(i) ? "overlay" : ""}) {
                fields.write(field.getBytes(StandardCharsets.UTF_8));
                fields.write(0);
            }
        }
        list = fields.toByteArray();
        if (list.length >= LIST_LIMIT) {
            throw new IllegalArgumentException("the probes' list takes " + list.length + " bytes, more than the VM's"
                    + " probe program reads (" + LIST_LIMIT + "): try fewer probes (--probe)");
        }
    }

    /** Builds the probe program with the policy compiled for the kernel's ABI (its lowering must not be refused), and the files. */
    @Override
    public Path build(CachedKernel kernel, Path folder) throws IOException {
        // Except paths expand against the trees every probe gets, as a scratch trial's do.
        Compilation compiled = Compiler.compile(stack, Target.C, kernel.abi(),
                new Compiler.Options(ScratchTrial.layout(policy), null));
        Path program = folder.resolve("landlock-studio-probes");
        Files.writeString(folder.resolve("sandbox.c"), compiled.output());
        // The policy's program keeps its own code: only its entry point and its final execvp take other names.
        List<String> command = new ArrayList<>(List.of(gcc(), "-static", "-O2", "-Dmain=landlock_studio_sandbox_main",
                "-Dexecvp=landlock_studio_probe_exec", "-o", program.toString(), "sandbox.c"));
        command.addAll(runner);
        HostTools.run(command, folder);
        Initramfs image = new Initramfs().file("run", 0755, resource("kernel-run"))
                .file("landlock-studio-probes", 0755, Files.readAllBytes(program))
                .file("probes", 0644, list)
                .directory("trees");
        for (int i = 0; i < probes.size(); i++) {
            Path tree = trees.resolve(Integer.toString(i));
            image.directory("trees/" + i).tree("trees/" + i + "/unrestricted", tree).tree("trees/" + i + "/confined", tree);
        }
        if (kernel.overlayProblem() == null) {
            for (int i : overlayViews.keySet()) {
                image.tree("trees/" + i + "/lower", trees.resolve(i + "-lower"));
            }
        }
        Path cpio = folder.resolve("files.cpio");
        image.write(cpio);
        return cpio;
    }

    private static String gcc() {
        return HostTools.require("gcc", HostTools.BOOT_PACKAGES).toString();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = KernelProbeImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
