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
 * midway gets every row exactly once: those stored before it joined, then the new ones.
 */
final class LiveRun {

    private final List<SseEmitter> watchers = new ArrayList<>();
    private int rows;
    private boolean ended;

    synchronized void add(TrialRow row, Consumer<DryRunRow> store) {
        DryRunRow numbered = new DryRunRow(rows++, row.probe(), row.spec(), row.expected(), row.actual(), row.match());
        store.accept(numbered);
        watchers.removeIf(watcher -> !send(watcher, "row", numbered));
    }

    /** Joins {@code watcher} with the rows stored so far; false when the run has ended meanwhile. */
    synchronized boolean watch(SseEmitter watcher, Supplier<List<DryRunRow>> storedSoFar) {
        if (ended) {
            return false;
        }
        storedSoFar.get().forEach(row -> send(watcher, "row", row));
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
        send(watcher, "end", run);
        close(watcher);
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
