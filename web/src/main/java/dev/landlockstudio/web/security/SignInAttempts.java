package dev.landlockstudio.web.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@link #ALLOWED_FAILURES} wrong passwords in a row, a user cannot sign in for
 * {@link #PAUSE}, even with the right one. A pause, not a lock: guessing is limited to a few tries a minute, and
 * nobody can lock the administrator out for longer than that.
 */
@Component
class SignInAttempts {

    static final int ALLOWED_FAILURES = 5;
    static final Duration PAUSE = Duration.ofMinutes(1);

    private record Failures(int count, long lastNanos) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent event) {
        long now = System.nanoTime();
        failures.merge(event.getAuthentication().getName(), new Failures(1, now),
                (before, one) -> new Failures(paused(before, now) ? before.count() : before.count() + 1, now));
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        failures.remove(event.getAuthentication().getName());
    }

    boolean paused(String username) {
        Failures recorded = failures.get(username);
        return recorded != null && paused(recorded, System.nanoTime());
    }

    private static boolean paused(Failures recorded, long now) {
        return recorded.count() >= ALLOWED_FAILURES && now - recorded.lastNanos() < PAUSE.toNanos();
    }
}
