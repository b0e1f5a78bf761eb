package dev.landlockstudio.web.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Who watches something in progress as server-sent events. Not synchronised: the thing watched sends, joins and
 * ends under its own lock, so that a watcher who joins midway gets what was stored before it and then every new
 * event exactly once. A watcher that has gone away is dropped at the next event.
 */
public final class EventWatchers {

    private final List<SseEmitter> watchers = new ArrayList<>();

    /** A stream for one watcher; it ends after half an hour if nothing ended it before. */
    public static SseEmitter stream() {
        return new SseEmitter(TimeUnit.MINUTES.toMillis(30));
    }

    public void add(SseEmitter watcher) {
        watchers.add(watcher);
    }

    /** {@code data} as event {@code event} to every watcher. */
    public void send(String event, Object data) {
        watchers.removeIf(watcher -> !send(watcher, event, data));
    }

    /** The last event to every watcher, then their streams end. */
    public void end(String event, Object data) {
        watchers.forEach(watcher -> {
            send(watcher, event, data);
            close(watcher);
        });
        watchers.clear();
    }

    /** One event to one watcher; false when it has gone away. */
    public static boolean send(SseEmitter watcher, String event, Object data) {
        try {
            watcher.send(SseEmitter.event().name(event).data(data));
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    public static void close(SseEmitter watcher) {
        try {
            watcher.complete();
        } catch (IllegalStateException e) {
            // Already completed by its client going away.
        }
    }
}
