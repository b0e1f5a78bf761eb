package dev.landlockstudio.web.account;

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

    /** The longest user name (the column's width); a longer one is never looked up, it simply does not sign in. */
    public static final int LONGEST_NAME = 64;

    private final JdbcTemplate jdbc;

    UserAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A user name as typed on the sign-in page, without the spaces around it. */
    public static String signInName(String submitted) {
        return submitted.strip();
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        String name = signInName(username);
        if (name.length() > LONGEST_NAME) {
            throw new UsernameNotFoundException("no user has a name that long");
        }
        return jdbc.query("SELECT username, password_hash FROM app_user WHERE username = ?",
                (rs, row) -> User.withUsername(rs.getString(1)).password(rs.getString(2)).roles("USER").build(), name)
                .stream().findFirst().orElseThrow(() -> new UsernameNotFoundException("no such user"));
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
