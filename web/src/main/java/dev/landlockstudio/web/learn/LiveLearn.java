package dev.landlockstudio.web.learn;

import dev.landlockstudio.web.api.EventWatchers;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A learn in progress and who watches it. Its progress is changed, stored and sent under one lock, so a watcher who
 * joins midway starts from what was stored and misses no change after it.
 */
final class LiveLearn {

    private final EventWatchers watchers = new EventWatchers();
    private LearnProgress progress = LearnProgress.started();
    private boolean ended;

    synchronized void update(UnaryOperator<LearnProgress> change, Consumer<LearnProgress> store) {
        progress = change.apply(progress);
        store.accept(progress);
        watchers.send("progress", progress);
    }

    /** Joins {@code watcher} with the progress stored so far; false when the learn has ended meanwhile. */
    synchronized boolean watch(SseEmitter watcher, Supplier<LearnProgress> storedSoFar) {
        if (ended) {
            return false;
        }
        EventWatchers.send(watcher, "progress", storedSoFar.get());
        watchers.add(watcher);
        return true;
    }

    synchronized void end(Learn learn) {
        ended = true;
        watchers.end("end", learn);
    }
}
