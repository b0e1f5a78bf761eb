package dev.landlockstudio.web.dryrun;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import dev.landlockstudio.enforcer.command.UnixUser;
import dev.landlockstudio.enforcer.kernels.CachedKernel;
import dev.landlockstudio.enforcer.overlay.OverlayMount;
import dev.landlockstudio.enforcer.trial.KernelTrial;
import dev.landlockstudio.enforcer.trial.ProbeSpec;
import dev.landlockstudio.enforcer.trial.Trial;
import dev.landlockstudio.enforcer.trial.TrialKind;
import dev.landlockstudio.enforcer.trial.TrialListener;
import dev.landlockstudio.enforcer.trial.TrialMode;
import dev.landlockstudio.enforcer.trial.TrialRefused;
import dev.landlockstudio.enforcer.trial.TrialRow;
import dev.landlockstudio.web.api.EventWatchers;
import dev.landlockstudio.web.api.NotFound;
import dev.landlockstudio.web.api.RequestRefused;
import dev.landlockstudio.web.config.StudioProperties;
import dev.landlockstudio.web.host.HostReports;
import dev.landlockstudio.web.kernels.StockKernels;
import dev.landlockstudio.web.policy.PolicyStacks;
import dev.landlockstudio.web.policy.PolicyStore;
import dev.landlockstudio.web.policy.StoredPolicy;
import dev.landlockstudio.web.system.CommandVariables;
import dev.landlockstudio.web.trial.TrialWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Dry runs: a stored policy version applied with this kernel's Landlock and tried probe by probe (in a scratch tree,
 * on the host's own paths without changing them, or through an OverlayFS mount), or a command run confined by it
 * when commands are enabled; or its scratch probes on stock kernels booted under qemu ({@link KernelDryRun}). Runs go one at a time on the {@link TrialWorker}; each row is stored and streamed to
 * whoever watches (server-sent events) as soon as it is tried.
 */
@Service
public class DryRuns implements ApplicationRunner {

    /**
     * What to run: {@code mode} a {@link TrialKind}'s id (scratch, host, overlay or command) or kernels; {@code env},
     * NAME=VALUE pairs a command gets on top of its minimal environment (never the server's own); {@code kernels}, for
     * mode kernels, the ABIs of the stock kernels to boot (empty: every cached one; null: not given).
     */
    public record Request(String mode, String lowerDir, List<String> probes, List<String> command, List<String> env,
                          List<Integer> kernels) {
    }

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final int COMMAND_OUTPUT = 64 * 1024;
    /** The message column's size: a long list of what cannot be expressed is cut to it. */
    private static final int MESSAGE_LENGTH = 4000;

    private final DryRunStore store;
    private final PolicyStore policies;
    private final PolicyStacks stacks;
    private final StudioProperties properties;
    private final HostReports hostReports;
    private final TrialWorker worker;
    private final StockKernels stockKernels;
    private final Map<Long, LiveRun> live = new ConcurrentHashMap<>();

    DryRuns(DryRunStore store, PolicyStore policies, PolicyStacks stacks, StudioProperties properties, HostReports hostReports,
            TrialWorker worker, StockKernels stockKernels) {
        this.store = store;
        this.stacks = stacks;
        this.stockKernels = stockKernels;
        this.policies = policies;
        this.properties = properties;
        this.hostReports = hostReports;
        this.worker = worker;
    }

    /** At start-up: runs a stopped server left behind will never finish, and their overlay mounts go. */
    @Override
    public void run(ApplicationArguments args) throws IOException {
        store.abandonRunning();
        OverlayMount.sweepLeftovers();
    }

    /**
     * Checks the request, stores the run and queues it; invalid requests change nothing. A hard requirement this
     * host's ABI cannot meet is kept as a failed run that says what cannot be expressed.
     */
    public DryRun start(String policyName, Integer version, Request request, String user) {
        if (KernelDryRun.MODE.equals(request.mode())) {
            return startOnKernels(policyName, version, request, user);
        }
        TrialKind kind = TrialKind.byId(request.mode()).orElseThrow(() ->
                new InvalidDocumentException("/mode", "choose scratch, host, overlay, command or kernels"));
        if (request.kernels() != null) {
            throw new InvalidDocumentException("/kernels", "only a run on stock kernels boots kernels: leave kernels out or"
                    + " use mode kernels");
        }
        List<AccessRequest> given = probes(request, kind);
        Map<String, String> environment = environment(request, kind);
        Path lower = kind == TrialKind.OVERLAY ? lowerDir(request.lowerDir()) : null;
        if (kind == TrialKind.COMMAND) {
            if (!properties.commandsEnabled()) {
                throw new RequestRefused(HttpStatus.FORBIDDEN, "commands-disabled", "running commands is off on this server;"
                        + " an administrator turns it on with landlock-studio.commands-enabled=true");
            }
            if (request.command().isEmpty()) {
                throw new InvalidDocumentException("/command", "give the command and its arguments, such as [\"cat\", \"/etc/hostname\"]");
            }
        }
        StoredPolicy stored = version == null ? policies.latest(policyName) : policies.version(policyName, version);
        PolicyStack stack = stacks.of(stored.document());
        List<AccessRequest> probes = given.isEmpty() ? null : given;
        TrialMode mode = switch (kind) {
            case SCRATCH -> new TrialMode.Scratch(probes);
            case HOST -> new TrialMode.Host(probes);
            case OVERLAY -> new TrialMode.Overlay(lower, probes);
            case COMMAND -> new TrialMode.Command(request.command(), environment,
                    new ConfinedCommand.Limits(COMMAND_TIMEOUT, COMMAND_OUTPUT, UnixUser.named("nobody")));
        };
        Trial trial;
        try {
            trial = Trial.prepare(stack, mode, null, hostReports.current());
        } catch (UncheckedIOException e) {
            // A host trial or command reads what exists beside the except paths first (looked at, never opened).
            throw new RequestRefused(HttpStatus.SERVICE_UNAVAILABLE, "host-unreadable", e.getCause().getMessage());
        } catch (TrialRefused e) {
            if (e.reason() != TrialRefused.Reason.HARD_REQUIREMENT) {
                throw new RequestRefused(HttpStatus.SERVICE_UNAVAILABLE, e.reason() == TrialRefused.Reason.NO_OVERLAYFS
                        ? "no-overlayfs" : "no-landlock", e.getMessage());
            }
            long id = store.start(policyName, stored.version().version(), kind.id(), detail(request, kind), user);
            store.abi(id, e.abi());
            store.finish(id, "failed", fitted(e.getMessage()), "", null);
            return store.find(id).orElseThrow();
        }
        long id = store.start(policyName, stored.version().version(), kind.id(), detail(request, kind), user);
        store.abi(id, trial.abi());
        LiveRun run = new LiveRun(ProbeGroups.of(stack.combined()));
        live.put(id, run);
        worker.queue(() -> execute(id, run, () -> onHost(id, run, trial, store)), () -> {
            live.remove(id);
            store.finish(id, "failed", TrialWorker.BUSY, "", null);
        });
        return store.find(id).orElseThrow();
    }

    /**
     * A run on stock kernels: the generated or given probes, tried as a scratch trial tries them, in each kernel's VM.
     * It goes on a thread of its own ({@link TrialWorker#queueOnKernels}).
     */
    private DryRun startOnKernels(String policyName, Integer version, Request request, String user) {
        List<AccessRequest> given = KernelDryRun.named(probes(request, TrialKind.SCRATCH));
        environment(request, TrialKind.SCRATCH);
        StoredPolicy stored = version == null ? policies.latest(policyName) : policies.version(policyName, version);
        PolicyStack policy = stacks.of(stored.document());
        List<CachedKernel> kernels = stockKernels.choose(request.kernels() == null ? List.of() : request.kernels());
        int planned = KernelTrial.planned(policy, given.isEmpty() ? null : given, kernels);
        long id = store.start(policyName, stored.version().version(), KernelDryRun.MODE,
                KernelDryRun.detail(kernels, probesDetail(request)), user);
        store.planned(id, planned);
        LiveRun run = new LiveRun(ProbeGroups.of(policy.combined()));
        run.planned(planned);
        live.put(id, run);
        worker.queueOnKernels(() -> execute(id, run, () -> KernelDryRun.run(id, run, store, policy,
                given.isEmpty() ? null : given, kernels)), () -> {
            live.remove(id);
            store.finish(id, "failed", TrialWorker.BUSY, "", null);
        });
        return store.find(id).orElseThrow();
    }

    public DryRun find(long id) {
        return store.find(id).orElseThrow(() -> new NotFound("no dry run " + id));
    }

    /** The headings of a run's kernels, on stock kernels. */
    public List<DryRunKernel> kernels(long id) {
        return store.kernels(find(id).id());
    }

    public List<DryRunRow> rows(long id) {
        return store.rows(id, groups(find(id)));
    }

    /** Where the run's rows go on its page: by the rules of the version it tried. */
    ProbeGroups groups(DryRun run) {
        StoredPolicy stored = policies.version(run.policy(), run.version());
        return ProbeGroups.of(stacks.rulesOf(stored.document()));
    }

    public String output(long id) {
        return store.output(id);
    }

    public List<DryRun> ofPolicy(String policy) {
        return store.ofPolicy(policy);
    }

    /** Every row so far, then each new row as it comes, then the run's end ("row" and "end" events). */
    public SseEmitter watch(long id) {
        DryRun run = find(id);
        SseEmitter emitter = EventWatchers.stream();
        LiveRun running = live.get(id);
        ProbeGroups groups = groups(run);
        if (running == null || !running.watch(emitter, () -> soFar(id, groups))) {
            LiveRun.replay(emitter, soFar(id, groups), store.find(id).orElse(run));
        }
        return emitter;
    }

    private LiveRun.SoFar soFar(long id, ProbeGroups groups) {
        return new LiveRun.SoFar(store.kernels(id), store.rows(id, groups));
    }

    /** How a run ended: its status, its message and a command's output. */
    record Ending(String status, String message, String output) {
    }

    /** Runs {@code trial}, then keeps and sends how it ended (failed with why, when it threw). */
    private void execute(long id, LiveRun run, Callable<Ending> trial) {
        Ending ending = new Ending("failed", "", "");
        try {
            ending = trial.call();
        } catch (Exception e) {
            ending = new Ending("failed", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), "");
        } finally {
            store.finish(id, ending.status(), fitted(ending.message()), ending.output(), run.tried());
            live.remove(id);
            run.end(store.find(id).orElseThrow());
        }
    }

    /** The trial on this host; its message ends with what the ruleset enforces (its {@link dev.landlockstudio.compiler.lowering.RulesetStatus}). */
    private static Ending onHost(long id, LiveRun run, Trial trial, DryRunStore store) throws Exception {
        String status = "failed";
        String message = "";
        String output = "";
        Trial.Result result = trial.run(new TrialListener() {
            @Override
            public void planned(int probes) {
                store.planned(id, probes);
                run.planned(probes);
            }

            @Override
            public void row(TrialRow row) {
                run.add(row, stored -> store.row(id, stored));
            }

            @Override
            public void leftOut() {
                run.leftOut();
            }
        });
        if (result instanceof Trial.Ran ran) {
            ConfinedCommand.Result command = ran.command();
            output = command.stdout() + command.stderr();
            status = command.ending();
            message = "ran as " + command.runAs() + (command.truncated() ? "; output beyond " + COMMAND_OUTPUT
                    + " bytes was cut" : "");
        } else if (result instanceof Trial.Probed probed) {
            status = probed.mismatches() == 0 ? "passed" : "mismatched";
            int leftOut = run.tried() - probed.probes();
            message = probed.probes() + " probes at ABI " + trial.abi() + ", " + probed.mismatches() + " mismatched"
                    + (leftOut == 0 ? "" : ", " + leftOut + " left out (the host refused them even unrestricted, or"
                    + " they had nothing to act on)");
        }
        return new Ending(status, message + "; ruleset " + trial.describeStatus(), output);
    }

    private static String fitted(String message) {
        return message.length() <= MESSAGE_LENGTH ? message : message.substring(0, MESSAGE_LENGTH - 1) + "…";
    }

    private List<AccessRequest> probes(Request request, TrialKind kind) {
        List<AccessRequest> given = new ArrayList<>();
        for (int i = 0; i < request.probes().size(); i++) {
            String spec = request.probes().get(i).strip();
            if (spec.isEmpty()) {
                continue;
            }
            try {
                AccessRequest probe = ProbeSpec.parse(spec);
                if (kind == TrialKind.HOST) {
                    TrialMode.Host.requireHarmless(probe);
                }
                given.add(probe);
            } catch (IllegalArgumentException e) {
                throw new InvalidDocumentException("/probes/" + i, e.getMessage());
            }
        }
        return given;
    }

    /** The variables given for a command (see {@link CommandVariables}); only a command gets them. */
    private static Map<String, String> environment(Request request, TrialKind kind) {
        if (!request.env().isEmpty() && kind != TrialKind.COMMAND) {
            throw new InvalidDocumentException("/env", "only a command gets an environment: leave env out or use mode command");
        }
        return CommandVariables.of(request.env());
    }

    private static Path lowerDir(String lowerDir) {
        try {
            return OverlayMount.checkedDirectory(lowerDir);
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException("/lowerDir", e.getMessage());
        }
    }

    private static String detail(Request request, TrialKind kind) {
        return switch (kind) {
            case OVERLAY -> "lower " + request.lowerDir() + probesDetail(request);
            case COMMAND -> String.join(" ", request.command());
            case SCRATCH, HOST -> probesDetail(request).strip();
        };
    }

    private static String probesDetail(Request request) {
        long given = request.probes().stream().filter(p -> !p.isBlank()).count();
        return given == 0 ? " generated probes" : " " + given + " given probes";
    }
}
