package dev.landlockstudio.web.security;

import dev.landlockstudio.web.account.UserAccounts;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@link #ALLOWED_FAILURES} wrong passwords in a row from one client address for
 * one user name, that address cannot sign in as that user for {@link #PAUSE}, even with the right password; each
 * further wrong one pauses it again. Other addresses are not affected, so a stranger cannot lock the administrator out.
 *
 * <p>Bounded: at most {@link #KEPT} addresses and names are remembered (the one whose last failure is oldest is
 * forgotten first), each for {@link #FORGET_AFTER} after its last failure; names are keys only as trimmed and cut to
 * the longest user name.
 */
@Component
class SignInAttempts {

    static final int ALLOWED_FAILURES = 5;
    static final Duration PAUSE = Duration.ofMinutes(1);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final int KEPT = 10_000;

    /** Who is trying: the client's address (as Tomcat sees it) and the user name tried. */
    record Key(String address, String username) {

        static Key of(String address, String submittedName) {
            String name = UserAccounts.signInName(submittedName);
            return new Key(address, name.length() > UserAccounts.LONGEST_NAME ? name.substring(0, UserAccounts.LONGEST_NAME) : name);
        }
    }

    private record Failures(int count, long lastNanos) {
    }

    // In the order of their last failure, oldest first.
    private final LinkedHashMap<Key, Failures> failures = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Failures> eldest) {
            return size() > KEPT;
        }
    };

    /**
     * Starts a sign-in: false while {@code key} is paused. Otherwise the attempt counts as a wrong password until it
     * {@link #succeeded}, so that guesses sent all at once are counted before their passwords are checked.
     */
    synchronized boolean attempt(Key key) {
        long now = System.nanoTime();
        forgetExpired(now);
        Failures before = failures.get(key);
        if (before != null && before.count() >= ALLOWED_FAILURES && now - before.lastNanos() < PAUSE.toNanos()) {
            return false;
        }
        failures.remove(key);
        failures.put(key, new Failures(before == null ? 1 : before.count() + 1, now));
        return true;
    }

    synchronized void succeeded(Key key) {
        failures.remove(key);
    }

    /** How many addresses and names are remembered now. */
    synchronized int size() {
        return failures.size();
    }

    private void forgetExpired(long now) {
        for (Iterator<Failures> oldestFirst = failures.values().iterator(); oldestFirst.hasNext(); ) {
            if (now - oldestFirst.next().lastNanos() < FORGET_AFTER.toNanos()) {
                return;
            }
            oldestFirst.remove();
        }
    }
}
