package dev.landlockstudio.web.account;

import dev.landlockstudio.web.cache.BoundedCache;
import dev.landlockstudio.web.token.SecretDigest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What a signed-in session remembers of its user's password: a digest of the stored hash it signed in with (a new
 * password has a new hash, salt included). A session whose stamp is no longer the user's is signed out on its next
 * request, on every instance that shares the database, within a second of the change: the current stamp is read at
 * most once a second per user.
 */
@Component
public class PasswordStamps {

    private static final String ATTRIBUTE = PasswordStamps.class.getName();
    private static final Duration FRESH = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final BoundedCache<String, String> current = BoundedCache.expiring(FRESH, 10_000);

    PasswordStamps(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Whether the session signed in with a password its user no longer has (or the user is gone). A session that has no
     * stamp yet (its first request after signing in) gets the current one.
     */
    public boolean stale(HttpSession session, String username) {
        String stamp = current.get(username, this::read);
        Object kept = session.getAttribute(ATTRIBUTE);
        if (kept == null) {
            session.setAttribute(ATTRIBUTE, stamp);
            return stamp.isEmpty();
        }
        return !kept.equals(stamp);
    }

    /** After {@code username} changed the password in {@code session}: that session keeps the new stamp. */
    void changed(String username, HttpSession session) {
        current.forget(username);
        session.setAttribute(ATTRIBUTE, current.get(username, this::read));
    }

    /** The stamp of the stored hash; empty when there is no such user. */
    private String read(String username) {
        List<String> hashes = jdbc.queryForList("SELECT password_hash FROM app_user WHERE username = ?", String.class, username);
        return hashes.isEmpty() ? "" : SecretDigest.of(hashes.get(0));
    }
}
