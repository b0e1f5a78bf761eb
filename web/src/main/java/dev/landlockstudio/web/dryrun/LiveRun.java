package dev.landlockstudio.web.dryrun;

import dev.landlockstudio.enforcer.trial.TrialRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A dry run in progress and who watches it. Rows are numbered, stored and sent under one lock, so a watcher who joins
 * midway gets every row exactly once: those stored before it joined, then the new ones. Its progress ("progress":
 * probes tried of those planned) is sent once the trial knows how many it will try, before the first row, and after
 * every probe, a row or left out.
 */
final class LiveRun {

    /** How far a run has come: {@code tried} of {@code probes}. */
    record Progress(int tried, int probes) {
    }

    private final ProbeGroups groups;
    private final List<SseEmitter> watchers = new ArrayList<>();
    private int rows;
    private int tried;
    private Integer planned;
    private boolean ended;

    LiveRun(ProbeGroups groups) {
        this.groups = groups;
    }

    synchronized void planned(int probes) {
        planned = probes;
        sendProgress();
    }

    synchronized void add(TrialRow row, Consumer<DryRunRow> store) {
        ProbeGroups.Place place = groups.place(row.spec(), row.probe());
        DryRunRow numbered = new DryRunRow(rows++, row.probe(), row.spec(), row.expected(), row.actual(), row.match(),
                place.group(), place.cell());
        store.accept(numbered);
        watchers.removeIf(watcher -> !send(watcher, "row", numbered));
        tried++;
        sendProgress();
    }

    synchronized void leftOut() {
        tried++;
        sendProgress();
    }

    /** Probes tried so far, a row or left out; null until the trial has said how many it plans (a command never does). */
    synchronized Integer tried() {
        return planned == null ? null : tried;
    }

    /** Joins {@code watcher} with the rows stored so far; false when the run has ended meanwhile. */
    synchronized boolean watch(SseEmitter watcher, Supplier<List<DryRunRow>> storedSoFar) {
        if (ended) {
            return false;
        }
        storedSoFar.get().forEach(row -> send(watcher, "row", row));
        if (planned != null) {
            send(watcher, "progress", new Progress(tried, planned));
        }
        watchers.add(watcher);
        return true;
    }

    synchronized void end(DryRun run) {
        ended = true;
        for (SseEmitter watcher : watchers) {
            send(watcher, "end", run);
            close(watcher);
        }
        watchers.clear();
    }

    /** A finished run, told from what was stored. */
    static void replay(SseEmitter watcher, List<DryRunRow> rows, DryRun run) {
        rows.forEach(row -> send(watcher, "row", row));
        if (run.probes() != null && run.tried() != null) {
            send(watcher, "progress", new Progress(run.tried(), run.probes()));
        }
        send(watcher, "end", run);
        close(watcher);
    }

    private void sendProgress() {
        if (planned == null) {
            return;
        }
        Progress progress = new Progress(tried, planned);
        watchers.removeIf(watcher -> !send(watcher, "progress", progress));
    }

    private static void close(SseEmitter emitter) {
        try {
            emitter.complete();
        } catch (IllegalStateException e) {
            // Already completed by its client going away.
        }
    }

    private static boolean send(SseEmitter emitter, String event, Object data) {
        try {
            emitter.send(SseEmitter.event().name(event).data(data));
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }
}
