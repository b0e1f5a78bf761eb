package dev.landlockstudio.enforcer.trial;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.enforcer.host.HostReport;
import dev.landlockstudio.enforcer.kernels.BootReport;
import dev.landlockstudio.enforcer.kernels.CachedKernel;
import dev.landlockstudio.enforcer.kernels.KernelCheck;
import dev.landlockstudio.enforcer.probe.ProbeRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tries a policy (and its bases, each its own ruleset) on stock kernels under qemu, as a scratch trial tries it on
 * this host: the policy lowered at each kernel's ABI with its compatibility model (a hard requirement the ABI cannot meet is refused, and that kernel
 * not booted), its c-target program built for that ABI, each filesystem probe run in a tree of its own inside the VM
 * (see {@link KernelProbeImages}), network and scope probes against peers opened in the VM outside the sandbox, and
 * each answer beside the evaluator's prediction at the ABI the kernel reported. Where the kernel's OverlayFS module
 * is cached, the probes that change a layer are tried through an overlay mount too, and their rows labelled and
 * predicted as the host's overlay trial does for its rules on merged, via merged ({@link OverlayTrial#row}).
 */
public final class KernelTrial {

    private static final Pattern LINE = Pattern.compile("landlock-studio-probe (\\d+) unrestricted=(\\S+) confined=(.*)");
    private static final Pattern OVERLAY_LINE = Pattern.compile(
            "landlock-studio-overlay (\\d+) (?:unrestricted=(\\S+) confined=(.*)|not-tried=(.*))");
    private static final Pattern EXIT = Pattern.compile("exit:(\\d+):(.*)");
    private static final String DONE = "landlock-studio-probes done";

    /**
     * One kernel's trial.
     *
     * @param refused   why nothing was tried on it (the lowering refused, the kernel has no Landlock, it did not
     *                  boot), else null
     * @param status    the ruleset's status at the ABI the kernel reported, as {@link Trial#describeStatus()} says it
     * @param boot      what the kernel reported, null when it was not booted
     * @param leftOut   probes the kernel refused even unrestricted
     * @param overlayNotTried why no probe was tried through an overlay on this kernel (its module is not cached), else null
     */
    public record KernelRun(CachedKernel kernel, String refused, String status, BootReport boot, List<TrialRow> rows,
                            int leftOut, String overlayNotTried) {

        public long mismatches() {
            return rows.stream().filter(row -> !row.match()).count();
        }
    }

    private KernelTrial() {
    }

    /**
     * @param given   probes to try instead of the generated ones, or null
     * @param timeout how long one VM may run before it is killed
     * @param done    called with each kernel's run as soon as it is known (a refused one first, the others as their
     *                VM answers, from the boot threads, one at a time)
     * @return the runs, in the order of {@code kernels}
     * @throws IllegalArgumentException when a given probe's path has a "..", "." or empty component
     */
    public static List<KernelRun> run(PolicyStack policy, List<AccessRequest> given, List<CachedKernel> kernels,
                                      Duration timeout, Consumer<KernelRun> done) {
        List<AccessRequest> probes = ScratchTrial.probes(policy.combined(), given);
        Map<CachedKernel, String> refused = new HashMap<>();
        List<CachedKernel> booted = new ArrayList<>();
        for (CachedKernel kernel : kernels) {
            try {
                prepare(policy, kernel.abi());
                booted.add(kernel);
            } catch (TrialRefused e) {
                refused.put(kernel, e.getMessage());
            }
        }
        Map<CachedKernel, KernelRun> runs = new ConcurrentHashMap<>();
        for (CachedKernel kernel : kernels) {
            if (refused.containsKey(kernel)) {
                runs.put(kernel, new KernelRun(kernel, refused.get(kernel), null, null, List.of(), 0, null));
                done.accept(runs.get(kernel));
            }
        }
        if (!booted.isEmpty()) {
            KernelProbeImages images = new KernelProbeImages(policy, probes);
            KernelCheck.boot(booted, timeout, images, report -> {
                KernelRun run = compare(policy, probes, images, report);
                runs.put(report.kernel(), run);
                synchronized (done) {
                    done.accept(run);
                }
            });
        }
        return kernels.stream().map(runs::get).toList();
    }

    /**
     * How many probes {@link #run} tries on the kernels, at most: each kernel's probes, and again those that change a
     * layer where its OverlayFS module is cached (a kernel refused at its ABI tries fewer, none).
     */
    public static int planned(PolicyStack policy, List<AccessRequest> given, List<CachedKernel> kernels) {
        List<AccessRequest> probes = ScratchTrial.probes(policy.combined(), given);
        long overlaid = probes.stream().filter(p -> KernelProbeImages.OVERLAID.contains(p.operation())).count();
        return kernels.stream().mapToInt(k -> probes.size() + (k.overlayProblem() == null ? (int) overlaid : 0)).sum();
    }

    /** The trial at {@code abi}, lowered as on a host whose kernel reports it. */
    private static Trial prepare(PolicyStack policy, Integer abi) throws TrialRefused {
        return Trial.prepare(policy, new TrialMode.Scratch(null), null,
                new HostReport(null, abi, null, abi == null ? "the kernel reports no Landlock" : null, false, null));
    }

    /** Each probe's line beside the evaluator's prediction at the ABI the kernel reported. */
    private static KernelRun compare(PolicyStack policy, List<AccessRequest> probes, KernelProbeImages images,
                                     BootReport boot) {
        if (boot.problem() != null) {
            return new KernelRun(boot.kernel(), "no answer: " + boot.problem(), null, boot, List.of(), 0, null);
        }
        Trial trial;
        try {
            trial = prepare(policy, boot.abi());
        } catch (TrialRefused e) {
            return new KernelRun(boot.kernel(), e.getMessage(), null, boot, List.of(), 0, null);
        }
        Map<Integer, Matcher> lines = new HashMap<>();
        Map<Integer, Matcher> overlayLines = new HashMap<>();
        boolean done = false;
        for (String line : boot.console()) {
            Matcher m = LINE.matcher(line.strip());
            if (m.find()) {
                lines.put(Integer.valueOf(m.group(1)), m);
            }
            Matcher overlay = OVERLAY_LINE.matcher(line.strip());
            if (overlay.find()) {
                overlayLines.put(Integer.valueOf(overlay.group(1)), overlay);
            }
            done |= line.contains(DONE);
        }
        List<Optional<TrialRow>> tried = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            AccessRequest probe = probes.get(i);
            tried.add(CheckedProbe.row("", trial.rulesets(), probe, probe, tried(images.view(i), lines.get(i), done)));
        }
        String overlayNotTried = boot.kernel().overlayProblem();
        if (overlayNotTried == null) {
            for (Map.Entry<Integer, FsView> overlay : images.overlayViews().entrySet()) {
                int i = overlay.getKey();
                Matcher line = overlayLines.get(i);
                CheckedProbe.Tried answer = line != null && line.group(4) != null
                        ? new CheckedProbe.Tried(overlay.getValue(), null, line.group(4)) : tried(overlay.getValue(), line, done);
                tried.add(OverlayTrial.row(OverlayTrial.VIA_MERGED, trial.rulesets(), KernelProbeImages.merged(i),
                        KernelProbeImages.merged(i), probes.get(i), answer));
            }
        }
        List<TrialRow> rows = tried.stream().flatMap(Optional::stream).toList();
        return new KernelRun(boot.kernel(), null, trial.describeStatus(), boot, rows, tried.size() - rows.size(),
                overlayNotTried);
    }

    /** What a probe's line says: left out, not tried (and why), or the kernel's answer under the ruleset. */
    private static CheckedProbe.Tried tried(FsView view, Matcher line, boolean done) {
        if (line == null) {
            return new CheckedProbe.Tried(view, null, done ? "the VM printed no line for it"
                    : "the VM stopped before it (killed at the timeout, or it crashed)");
        }
        String unrestricted = line.group(2);
        String confined = line.group(3);
        if (!unrestricted.matches("\\d+")) {
            return new CheckedProbe.Tried(view, null, "the probe program failed unrestricted: " + unrestricted);
        }
        if (!unrestricted.equals("0")) {
            return CheckedProbe.Tried.LEFT_OUT;
        }
        if (confined.matches("\\d+")) {
            int errno = Integer.parseInt(confined);
            return new CheckedProbe.Tried(view, errno == 0 ? new ProbeRunner.Outcome(ProbeRunner.Result.ALLOWED, null)
                    : ProbeRunner.Outcome.of(errno), null);
        }
        Matcher exit = EXIT.matcher(confined);
        return new CheckedProbe.Tried(view, null, exit.matches() ? "the policy's program ended before the probe (exit "
                + exit.group(1) + "): " + exit.group(2).strip() : "unreadable answer: " + confined);
    }
}
