package dev.landlockstudio.web.dryrun;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.policy.InvalidDocumentException;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.target.Target;
import dev.landlockstudio.enforcer.command.CommandEnvironment;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import dev.landlockstudio.enforcer.command.UnixUser;
import dev.landlockstudio.enforcer.host.HostReport;
import dev.landlockstudio.enforcer.overlay.OverlayMount;
import dev.landlockstudio.enforcer.trial.HostTrial;
import dev.landlockstudio.enforcer.trial.OverlayTrial;
import dev.landlockstudio.enforcer.trial.ProbeSpec;
import dev.landlockstudio.enforcer.trial.ScratchTrial;
import dev.landlockstudio.enforcer.trial.TrialRow;
import dev.landlockstudio.web.api.RequestRefused;
import dev.landlockstudio.web.config.StudioProperties;
import dev.landlockstudio.web.host.HostReports;
import dev.landlockstudio.web.policy.PolicyStore;
import dev.landlockstudio.web.policy.StoredPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Dry runs: a stored policy version applied with this kernel's Landlock and tried probe by probe (in a scratch tree,
 * on the host's own paths without changing them, or through an OverlayFS mount), or a command run confined by it
 * when commands are enabled. Runs go one at a time on a worker of their own; each row is stored and streamed to
 * whoever watches (server-sent events) as soon as it is tried.
 */
@Service
public class DryRuns implements ApplicationRunner, DisposableBean {

    /**
     * What to run: {@code mode} scratch, host, overlay or command; {@code env}, NAME=VALUE pairs a command gets on top
     * of its minimal environment (never the server's own).
     */
    public record Request(String mode, String lowerDir, List<String> probes, List<String> command, List<String> env) {
    }

    static final Set<String> MODES = Set.of("scratch", "host", "overlay", "command");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final int COMMAND_OUTPUT = 64 * 1024;

    private final DryRunStore store;
    private final PolicyStore policies;
    private final StudioProperties properties;
    private final HostReports hostReports;
    private final Map<Long, LiveRun> live = new ConcurrentHashMap<>();
    // Created here, on an unrestricted thread; the trials restrict only fresh threads of their own.
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
            task -> new Thread(task, "landlock-studio-dry-run"));

    DryRuns(DryRunStore store, PolicyStore policies, StudioProperties properties, HostReports hostReports) {
        this.store = store;
        this.policies = policies;
        this.properties = properties;
        this.hostReports = hostReports;
    }

    /** At start-up: runs a stopped server left behind will never finish, and their overlay mounts go. */
    @Override
    public void run(ApplicationArguments args) throws IOException {
        store.abandonRunning();
        OverlayMount.sweepLeftovers();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }

    /** Checks the request, stores the run and queues it; invalid requests change nothing. */
    public DryRun start(String policyName, Integer version, Request request, String user) {
        if (request.mode() == null || !MODES.contains(request.mode())) {
            throw new InvalidDocumentException("/mode", "choose scratch, host, overlay or command");
        }
        List<AccessRequest> given = probes(request);
        Map<String, String> environment = environment(request);
        Path lower = request.mode().equals("overlay") ? lowerDir(request.lowerDir()) : null;
        if (request.mode().equals("command")) {
            if (!properties.commandsEnabled()) {
                throw new RequestRefused(HttpStatus.FORBIDDEN, "commands-disabled", "running commands is off on this server;"
                        + " an administrator turns it on with landlock-studio.commands-enabled=true");
            }
            if (request.command().isEmpty()) {
                throw new InvalidDocumentException("/command", "give the command and its arguments, such as [\"cat\", \"/etc/hostname\"]");
            }
        }
        HostReport host = hostReports.current();
        if (host.abi() == null) {
            throw new RequestRefused(HttpStatus.SERVICE_UNAVAILABLE, "no-landlock", "Landlock is unavailable on this host: "
                    + host.landlockUnavailable());
        }
        if (lower != null && !host.overlayMountable()) {
            throw new RequestRefused(HttpStatus.SERVICE_UNAVAILABLE, "no-overlayfs", "OverlayFS cannot be mounted here: " + host.overlay());
        }
        StoredPolicy stored = version == null ? policies.latest(policyName).orElseThrow(() ->
                new RequestRefused(HttpStatus.NOT_FOUND, "not-found", "no policy named " + policyName)) : policies.version(policyName, version);
        ResolvedPolicy policy = PolicyReader.read(stored.document()).resolved();
        long id = store.start(policyName, stored.version().version(), request.mode(), detail(request), user);
        LiveRun run = new LiveRun();
        live.put(id, run);
        try {
            worker.execute(() -> execute(id, run, policy, Math.min(host.abi(), AbiTable.newest()), request, given, lower,
                    environment));
        } catch (RejectedExecutionException e) {
            live.remove(id);
            store.finish(id, "failed", "too many dry runs are waiting; try again when one has finished", "");
            throw new RequestRefused(HttpStatus.TOO_MANY_REQUESTS, "busy", "too many dry runs are waiting; try again when one has finished");
        }
        return store.find(id).orElseThrow();
    }

    public DryRun find(long id) {
        return store.find(id).orElseThrow(() -> new RequestRefused(HttpStatus.NOT_FOUND, "not-found", "no dry run " + id));
    }

    public List<DryRunRow> rows(long id) {
        return store.rows(id);
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
        SseEmitter emitter = new SseEmitter(TimeUnit.MINUTES.toMillis(30));
        LiveRun running = live.get(id);
        if (running == null || !running.watch(emitter, () -> store.rows(id))) {
            LiveRun.replay(emitter, store.rows(id), store.find(id).orElse(run));
        }
        return emitter;
    }

    private void execute(long id, LiveRun run, ResolvedPolicy policy, int abi, Request request, List<AccessRequest> given, Path lower,
                         Map<String, String> environment) {
        String status = "failed";
        String message = "";
        String output = "";
        try {
            store.abi(id, abi);
            Compilation compilation = Compiler.compile(policy, Target.NATIVE, abi);
            if (compilation.refused()) {
                message = "refused: the policy is a hard requirement that ABI " + abi + " cannot meet";
                return;
            }
            List<AccessRequest> probes = given.isEmpty() ? null : given;
            switch (request.mode()) {
                case "scratch" -> ScratchTrial.run(policy, compilation.ruleset(), probes, row -> add(id, run, row));
                case "host" -> HostTrial.run(policy, compilation.ruleset(), probes, row -> add(id, run, row));
                case "overlay" -> OverlayTrial.run(policy, compilation.ruleset(), lower, probes, row -> add(id, run, row));
                default -> {
                    ConfinedCommand.Result result = ConfinedCommand.run(compilation.ruleset(), request.command(), environment,
                            new ConfinedCommand.Limits(COMMAND_TIMEOUT, COMMAND_OUTPUT, UnixUser.named("nobody")));
                    output = result.stdout() + result.stderr();
                    status = result.timedOut() ? "timed out" : result.signal() != null ? "killed by signal " + result.signal()
                            : "exit " + result.exitCode();
                    message = "ran as " + result.runAs() + (result.truncated() ? "; output beyond " + COMMAND_OUTPUT + " bytes was cut" : "");
                    return;
                }
            }
            status = run.mismatches() == 0 ? "passed" : "mismatched";
            message = run.size() + " probes at ABI " + abi + ", " + run.mismatches() + " mismatched";
        } catch (Exception e) {
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            store.finish(id, status, message, output);
            live.remove(id);
            run.end(store.find(id).orElseThrow());
        }
    }

    private void add(long id, LiveRun run, TrialRow row) {
        run.add(row, stored -> store.row(id, stored));
    }

    private List<AccessRequest> probes(Request request) {
        List<AccessRequest> given = new ArrayList<>();
        for (int i = 0; i < request.probes().size(); i++) {
            String spec = request.probes().get(i).strip();
            if (spec.isEmpty()) {
                continue;
            }
            try {
                AccessRequest probe = ProbeSpec.parse(spec);
                if (request.mode().equals("host") && !ProbeSpec.HARMLESS.contains(probe.operation())) {
                    throw new IllegalArgumentException(probe.operation().documentName() + " changes what it touches: try it"
                            + " in a scratch tree or through an overlay, not on the host's own paths");
                }
                given.add(probe);
            } catch (IllegalArgumentException e) {
                throw new InvalidDocumentException("/probes/" + i, e.getMessage());
            }
        }
        return given;
    }

    /** The variables given for a command, each NAME=VALUE: NAME alone would take the server's value, so it is refused. */
    private static Map<String, String> environment(Request request) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (!request.env().isEmpty() && !request.mode().equals("command")) {
            throw new InvalidDocumentException("/env", "only a command gets an environment: leave env out or use mode command");
        }
        for (int i = 0; i < request.env().size(); i++) {
            try {
                CommandEnvironment.put(environment, request.env().get(i), null);
            } catch (IllegalArgumentException e) {
                throw new InvalidDocumentException("/env/" + i, e.getMessage());
            }
        }
        return environment;
    }

    private static Path lowerDir(String lowerDir) {
        try {
            return OverlayMount.checkedDirectory(lowerDir);
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException("/lowerDir", e.getMessage());
        }
    }

    private static String detail(Request request) {
        return switch (request.mode()) {
            case "overlay" -> "lower " + request.lowerDir() + probesDetail(request);
            case "command" -> String.join(" ", request.command());
            default -> probesDetail(request).strip();
        };
    }

    private static String probesDetail(Request request) {
        long given = request.probes().stream().filter(p -> !p.isBlank()).count();
        return given == 0 ? " generated probes" : " " + given + " given probes";
    }
}
