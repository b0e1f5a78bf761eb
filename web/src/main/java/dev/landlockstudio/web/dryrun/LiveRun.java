package dev.landlockstudio.web.dryrun;

import dev.landlockstudio.enforcer.trial.TrialRow;
import dev.landlockstudio.web.api.EventWatchers;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A dry run in progress and who watches it. Rows are numbered, stored and sent under one lock, so a watcher who joins
 * midway gets every row exactly once: those stored before it joined, then the new ones. Its progress ("progress":
 * probes tried of those planned) is sent once the trial knows how many it will try, before the first row, and after
 * every probe, a row or left out. On stock kernels, each kernel's heading ("kernel") comes before its rows, and its
 * progress once after them.
 */
final class LiveRun {

    /** How far a run has come: {@code tried} of {@code probes}. */
    record Progress(int tried, int probes) {
    }

    /** What was stored of a run so far: its kernels' headings (on stock kernels) and its rows. */
    record SoFar(List<DryRunKernel> kernels, List<DryRunRow> rows) {

        void send(SseEmitter watcher) {
            kernels.forEach(kernel -> EventWatchers.send(watcher, "kernel", kernel));
            rows.forEach(row -> EventWatchers.send(watcher, "row", row));
        }
    }

    private final ProbeGroups groups;
    private final EventWatchers watchers = new EventWatchers();
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
        send(row, null, store);
        tried++;
        sendProgress();
    }

    /** A stock kernel's answer: its heading, then its rows. */
    synchronized void kernel(DryRunKernel kernel, List<TrialRow> answered, Consumer<DryRunKernel> storeKernel,
                             Consumer<DryRunRow> store) {
        storeKernel.accept(kernel);
        watchers.send("kernel", kernel);
        answered.forEach(row -> send(row, kernel.abi(), store));
        tried += answered.size() + kernel.leftOut();
        sendProgress();
    }

    private void send(TrialRow row, Integer kernel, Consumer<DryRunRow> store) {
        ProbeGroups.Place place = groups.place(row.spec(), row.probe());
        DryRunRow numbered = new DryRunRow(rows++, row.probe(), row.spec(), row.expected(), row.actual(), row.match(),
                place.group(), place.cell(), kernel);
        store.accept(numbered);
        watchers.send("row", numbered);
    }

    synchronized void leftOut() {
        tried++;
        sendProgress();
    }

    /** Probes tried so far, a row or left out; null until the trial has said how many it plans (a command never does). */
    synchronized Integer tried() {
        return planned == null ? null : tried;
    }

    /** Joins {@code watcher} with what was stored so far; false when the run has ended meanwhile. */
    synchronized boolean watch(SseEmitter watcher, Supplier<SoFar> storedSoFar) {
        if (ended) {
            return false;
        }
        storedSoFar.get().send(watcher);
        if (planned != null) {
            EventWatchers.send(watcher, "progress", new Progress(tried, planned));
        }
        watchers.add(watcher);
        return true;
    }

    synchronized void end(DryRun run) {
        ended = true;
        watchers.end("end", run);
    }

    /** A finished run, told from what was stored. */
    static void replay(SseEmitter watcher, SoFar stored, DryRun run) {
        stored.send(watcher);
        if (run.probes() != null && run.tried() != null) {
            EventWatchers.send(watcher, "progress", new Progress(run.tried(), run.probes()));
        }
        EventWatchers.send(watcher, "end", run);
        EventWatchers.close(watcher);
    }

    private void sendProgress() {
        if (planned == null) {
            return;
        }
        watchers.send("progress", new Progress(tried, planned));
    }
}
