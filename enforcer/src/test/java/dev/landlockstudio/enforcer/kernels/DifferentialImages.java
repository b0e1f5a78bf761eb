package dev.landlockstudio.enforcer.kernels;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.probe.ScratchTree;
import dev.landlockstudio.enforcer.trial.TrialRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kernel differential's files: one program for every kernel, the trials' kernel-probes.c and probe-calls.c
 * linked with ruleset-file.c instead of a policy's c program, and per kernel its cases, each a probe in the format
 * kernel-probes.c reads (none through an overlay) with the scratch tree at /scratch twice
 * (unrestricted, confined) and the case's ruleset beside the confined copy.
 */
final class DifferentialImages implements BootImages {

    private static final Set<String> FILES = ScratchTree.FILES.stream().map(KernelDifferentialLiveTest.TREE::path)
            .collect(Collectors.toSet());

    private final Map<Integer, List<KernelDifferentialLiveTest.Case>> cases;
    private byte[] program;

    DifferentialImages(Map<Integer, List<KernelDifferentialLiveTest.Case>> cases) {
        this.cases = cases;
    }

    @Override
    public void prepare(Path work) throws IOException {
        for (String source : List.of("kernel-probes.c", "probe-calls.c", "probe-calls.h")) {
            Files.write(work.resolve(source), resource(TrialRow.class, source));
        }
        Files.write(work.resolve("ruleset-file.c"), resource(DifferentialImages.class, "ruleset-file.c"));
        Path built = work.resolve("landlock-studio-probes");
        HostTools.run(List.of("gcc", "-static", "-O2", "-o", built.toString(), "kernel-probes.c", "probe-calls.c",
                "ruleset-file.c"), work);
        program = Files.readAllBytes(built);
    }

    @Override
    public Path build(CachedKernel kernel, Path folder) throws IOException {
        List<KernelDifferentialLiveTest.Case> mine = cases.get(kernel.abi());
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        Initramfs image = new Initramfs().file("run", 0755, resource(TrialRow.class, "kernel-run"))
                .file("landlock-studio-probes", 0755, program)
                .directory("trees");
        for (int i = 0; i < mine.size(); i++) {
            KernelDifferentialLiveTest.Case c = mine.get(i);
            var access = c.access();
            for (String field : new String[] {Integer.toString(i), c.operation(), access.path() == null ? "" : access.path(),
                    access.destination() == null ? "" : access.destination(),
                    access.operation().target() == Operation.Target.PORT ? Integer.toString(access.port()) : "", ""}) {
                list.write(field.getBytes(StandardCharsets.UTF_8));
                list.write(0);
            }
            image.directory("trees/" + i);
            for (String copy : List.of("unrestricted", "confined")) {
                scratchTree(image, "trees/" + i + "/" + copy);
            }
            image.file("trees/" + i + "/confined/ruleset", 0644, rulesetFile(c.ruleset()).getBytes(StandardCharsets.UTF_8));
        }
        image.file("probes", 0644, list.toByteArray());
        Path cpio = folder.resolve("files.cpio");
        image.write(cpio);
        return cpio;
    }

    /** ScratchTree's layout, at ROOT/scratch. */
    private static void scratchTree(Initramfs image, String root) {
        image.directory(root).directory(root + "/scratch");
        ScratchTree.DIRS.forEach(dir -> image.directory(root + "/scratch/" + dir));
        ScratchTree.FILES.forEach(file -> image.file(root + "/scratch/" + file, 0644,
                ("content of " + file + "\n").getBytes(StandardCharsets.UTF_8)));
        image.file(root + "/scratch/" + ScratchTree.EXECUTABLE, 0755, new byte[0]);
    }

    /** What ruleset-file.c reads; rules on files keep their file rights only, as the kernel requires. */
    private static String rulesetFile(Ruleset ruleset) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "attr %x %x %x %d %x%n", ruleset.handledAccessFs(),
                ruleset.handledAccessNet(), ruleset.scoped(), ruleset.attrSize(), ruleset.restrictSelfFlags()));
        List<String> rules = new ArrayList<>();
        for (Ruleset.PathBeneath rule : ruleset.pathBeneath()) {
            boolean file = FILES.contains(rule.path())
                    || rule.path().equals(KernelDifferentialLiveTest.TREE.path(ScratchTree.EXECUTABLE));
            long allowed = file ? rule.allowedAccess() & AbiTable.fileRights() : rule.allowedAccess();
            if (allowed != 0) {
                rules.add(String.format(Locale.ROOT, "path %x %s%n", allowed, rule.path()));
            }
        }
        ruleset.netPort().forEach(rule -> rules.add(String.format(Locale.ROOT, "port %x %d%n", rule.allowedAccess(), rule.port())));
        rules.forEach(text::append);
        return text.toString();
    }

    private static byte[] resource(Class<?> near, String name) throws IOException {
        try (InputStream in = near.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
