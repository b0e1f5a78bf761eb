package dev.landlockstudio.web.security;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** The people who may sign in, with their password hashes (BCrypt). */
@Service
public class UserAccounts implements UserDetailsService {

    private final JdbcTemplate jdbc;
    private final SignInAttempts attempts;

    UserAccounts(JdbcTemplate jdbc, SignInAttempts attempts) {
        this.jdbc = jdbc;
        this.attempts = attempts;
    }

    /** A user whose wrong passwords came too fast is locked for a moment (see {@link SignInAttempts}). */
    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.query("SELECT username, password_hash FROM app_user WHERE username = ?",
                (rs, row) -> User.withUsername(rs.getString(1)).password(rs.getString(2)).roles("USER")
                        .accountLocked(attempts.paused(username)).build(), username)
                .stream().findFirst().orElseThrow(() -> new UsernameNotFoundException(username));
    }

    public boolean none() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM app_user", Integer.class);
        return count == null || count == 0;
    }

    void changePassword(String username, String passwordHash) {
        jdbc.update("UPDATE app_user SET password_hash = ? WHERE username = ?", passwordHash, username);
    }

    public void add(String username, String passwordHash) {
        jdbc.update("INSERT INTO app_user (username, password_hash, created_at) VALUES (?, ?, ?)", username, passwordHash,
                Timestamp.from(Instant.now()));
    }
}
