package dev.landlockstudio.web.learn;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.learn.Recording;
import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import dev.landlockstudio.enforcer.command.UnixUser;
import dev.landlockstudio.enforcer.learn.Learning;
import dev.landlockstudio.enforcer.learn.Refinement;
import dev.landlockstudio.enforcer.learn.StraceRecorder;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import dev.landlockstudio.enforcer.trial.TrialMode;
import dev.landlockstudio.enforcer.trial.TrialRefused;
import dev.landlockstudio.web.api.ApiParameters;
import dev.landlockstudio.web.api.EventWatchers;
import dev.landlockstudio.web.api.NotFound;
import dev.landlockstudio.web.api.RequestRefused;
import dev.landlockstudio.web.config.StudioProperties;
import dev.landlockstudio.web.policy.FoldedDiff;
import dev.landlockstudio.web.policy.PolicyStore;
import dev.landlockstudio.web.policy.PolicyVersion;
import dev.landlockstudio.web.policy.StoredPolicy;
import dev.landlockstudio.web.system.CommandVariables;
import dev.landlockstudio.web.trial.TrialWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.node.ObjectNode;

/**
 * Learns: a command recorded unconfined, a policy proposed from it and refined on this kernel (see {@link Learning}),
 * only where commands are enabled, contained as a dry run's command is. They go one at a time on the
 * {@link TrialWorker}, with the dry runs; what each says as it goes is stored and streamed to whoever watches.
 */
@Service
public class Learns implements ApplicationRunner {

    /**
     * What to learn: {@code env}, NAME=VALUE pairs the command gets on top of its minimal environment; {@code abi}
     * (default: this host's), {@code maxRuns} (default 5) and {@code into}, a policy to propose additions to.
     */
    public record Request(List<String> command, List<String> env, Integer abi, Integer maxRuns, String into) {
    }

    static final int MAX_RUNS_DEFAULT = 5;
    static final int MAX_RUNS_MAX = 10;
    private static final ConfinedCommand.Limits LIMITS = new ConfinedCommand.Limits(Duration.ofSeconds(30),
            LearnReport.OUTPUT_MAX, UnixUser.named("nobody"));

    private final LearnStore store;
    private final PolicyStore policies;
    private final StudioProperties properties;
    private final TrialWorker worker;
    private final Map<Long, LiveLearn> live = new ConcurrentHashMap<>();

    Learns(LearnStore store, PolicyStore policies, StudioProperties properties, TrialWorker worker) {
        this.store = store;
        this.policies = policies;
        this.properties = properties;
        this.worker = worker;
    }

    /** At start-up: learns a stopped server left behind will never finish. */
    @Override
    public void run(ApplicationArguments args) {
        store.abandonRunning();
    }

    /** Whether this server runs commands at all: learning runs one, so it is off where they are. */
    public boolean enabled() {
        return properties.commandsEnabled();
    }

    /** Checks the request, stores the learn and queues it; an invalid request changes nothing. */
    public Learn start(Request request, String user) {
        if (!enabled()) {
            throw new RequestRefused(HttpStatus.FORBIDDEN, "commands-disabled", "learning runs the command, and running"
                    + " commands is off on this server; an administrator turns it on with landlock-studio.commands-enabled=true");
        }
        if (request.command().isEmpty() || request.command().get(0).isEmpty()) {
            throw new InvalidDocumentException("/command", "give the command and its arguments, such as [\"tar\", \"-cf\","
                    + " \"/tmp/a.tar\", \"/etc/hostname\"]");
        }
        if (Json.write(request.command()).length() > LearnStore.TEXT_MAX) {
            throw new InvalidDocumentException("/command", "the command is longer than " + LearnStore.TEXT_MAX
                    + " characters as JSON: shorten it");
        }
        Map<String, String> environment = CommandVariables.of(request.env());
        int maxRuns = request.maxRuns() == null ? MAX_RUNS_DEFAULT : request.maxRuns();
        if (maxRuns < 1 || maxRuns > MAX_RUNS_MAX) {
            throw new InvalidDocumentException("/maxRuns", "is " + maxRuns + ": choose from 1 to " + MAX_RUNS_MAX);
        }
        StoredPolicy into = request.into() == null ? null : intoPolicy(request.into());
        PolicyReader.ReadPolicy intoRead = into == null ? null
                : StackResolver.alone(PolicyReader.read(into.document()), "learning into a policy");
        String unavailable = Learning.unavailable();
        if (unavailable != null) {
            throw new RequestRefused(HttpStatus.SERVICE_UNAVAILABLE, "cannot-learn", "cannot learn on this host: " + unavailable);
        }
        int abi = intoRead != null ? intoRead.resolved().abi() : request.abi() == null ? Learning.hostAbi() : request.abi();
        String outOfRange = Learning.abiRange(abi);
        if (outOfRange != null) {
            throw intoRead != null ? new InvalidDocumentException("/into", "policy " + request.into() + " is for ABI " + abi
                    + ", which cannot be refined here: " + outOfRange + ", or raise its ABI")
                    : new InvalidDocumentException("/abi", "is " + abi + ": " + outOfRange);
        }
        TrialMode.Command mode = new TrialMode.Command(request.command(), environment, LIMITS);
        long id = store.start(request.command(), abi, maxRuns, request.into(), into == null ? null : into.version().version(), user);
        LiveLearn learn = new LiveLearn();
        live.put(id, learn);
        worker.queue(() -> execute(id, learn, new Learning.Request(mode, abi, maxRuns, intoRead, List.of())), () -> {
            live.remove(id);
            store.finish(id, "failed", TrialWorker.BUSY, null);
        });
        return find(id);
    }

    public Learn find(long id) {
        return store.find(id).orElseThrow(() -> new NotFound("no learn " + id));
    }

    public List<Learn> recent() {
        return store.recent();
    }

    public LearnProgress progress(long id) {
        find(id);
        return store.progress(id);
    }

    /** The finished learn's report; empty while it runs or when it failed. */
    public Optional<LearnReport> report(long id) {
        find(id);
        return store.report(id);
    }

    /**
     * For a learn into a policy, what it changes there: the version it started from beside the learned policy; null
     * for a new policy, or when that version is gone with its policy.
     */
    public List<FoldedDiff.Part> changes(Learn learn, LearnReport report) {
        if (learn.into() == null) {
            return null;
        }
        try {
            return FoldedDiff.ofDocuments(policies.version(learn.into(), learn.intoVersion()).document(), report.policy());
        } catch (NotFound e) {
            return null;
        }
    }

    /** Its progress so far, then each change as it comes ("progress" events), then "end" with the finished learn. */
    public SseEmitter watch(long id) {
        Learn learn = find(id);
        SseEmitter watcher = EventWatchers.stream();
        LiveLearn running = live.get(id);
        if (running == null || !running.watch(watcher, () -> store.progress(id))) {
            EventWatchers.send(watcher, "progress", store.progress(id));
            EventWatchers.send(watcher, "end", store.find(id).orElse(learn));
            EventWatchers.close(watcher);
        }
        return watcher;
    }

    /**
     * Saves the learned policy: as a new policy named {@code name} (blank: the name it was learned under), or, for a
     * learn into a policy, as that policy's next version if the version it started from is still the latest.
     */
    public PolicyVersion save(long id, String name, String author) {
        Learn learn = find(id);
        LearnReport report = store.report(id).orElseThrow(() -> new RequestRefused(HttpStatus.CONFLICT, "no-policy",
                "learn " + id + (learn.running() ? " is still running" : " failed: " + learn.message()) + "; it has no policy to save"));
        String note = ApiParameters.fittedNote("learned from: " + String.join(" ", learn.command()) + " (learn " + id + ", "
                + learn.status() + ")");
        if (learn.into() != null) {
            Policy policy = PolicyReader.read(report.policy()).document();
            return policies.update(policy, learn.intoVersion(), report.policy(), author, note);
        }
        String document = report.policy();
        if (!name.isBlank()) {
            ObjectNode tree = (ObjectNode) Json.parse(document);
            tree.put("name", name.strip());
            document = Json.write(tree);
        }
        return policies.create(PolicyReader.read(document).document(), document, author, note);
    }

    private void execute(long id, LiveLearn learn, Learning.Request request) {
        String status = "failed";
        // Said when something unforeseen stops it; it is logged as well.
        String message = "the learn stopped: an internal error (see the server's log)";
        LearnReport report = null;
        try {
            Learning.Result learned = Learning.learn(request, new Learning.Listener() {
                @Override
                public void recorded(StraceRecorder.Recorded recorded, Recording recording) {
                    learn.update(progress -> progress.withRecorded(new LearnProgress.Recorded(recorded.result().ending(),
                            recording.accesses().size(), recording.failed().size(), recording.ignored().size())),
                            progress -> store.progress(id, progress));
                }

                @Override
                public void ran(Refinement.Run run) {
                    learn.update(progress -> progress.withRun(LearnedRun.of(run)), progress -> store.progress(id, progress));
                }
            });
            report = LearnReport.of(learned);
            if (Json.write(report).length() > LearnStore.TEXT_MAX) {
                report = null;
                message = "the learned policy and its report are longer than " + LearnStore.TEXT_MAX + " characters, too"
                        + " long to keep: learn a shorter run of the command";
            } else {
                status = learned.confirmed() ? "confirmed" : "unconfirmed";
                message = learned.summary();
            }
        } catch (Learning.CannotRecord e) {
            message = "cannot record: " + e.getMessage();
        } catch (SyscallException e) {
            message = "cannot run " + request.command().command().get(0) + " confined: " + e.getMessage();
        } catch (TrialRefused e) {
            message = "cannot try the proposal: " + e.getMessage();
        } catch (Exception e) {
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            try {
                store.finish(id, status, message, report);
            } finally {
                live.remove(id);
                learn.end(store.find(id).orElseThrow());
            }
        }
    }

    private StoredPolicy intoPolicy(String name) {
        try {
            return policies.latest(name);
        } catch (NotFound e) {
            throw new InvalidDocumentException("/into", "there is no policy " + name + ": name a saved policy, or leave"
                    + " into out to learn a new one");
        }
    }
}
