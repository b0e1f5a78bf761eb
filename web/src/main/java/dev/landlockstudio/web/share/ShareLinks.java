package dev.landlockstudio.web.share;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.landlockstudio.web.api.ApiParameters;
import dev.landlockstudio.web.policy.PolicyDeleted;
import dev.landlockstudio.web.policy.PolicyStore;
import dev.landlockstudio.web.token.SecretDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Read-only links to one saved version of a policy, for people without an account. The link's secret is 256 random
 * bits, shown once when the link is made and stored only as its SHA-256, like an API token's; a revoked link stops
 * working at once (every opening asks the database, so on every instance). Deleting a policy revokes its links.
 */
@Repository
public class ShareLinks {

    /** 32 random bytes, base64url without padding: 43 characters that need no escaping in a URL. */
    private static final int SECRET_BYTES = 32;
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** A link as the policy's users see it in the list; the link itself is never shown again. */
    public record ShareLink(long id, String policy, int version, String createdBy, Instant createdAt, Instant revokedAt) {

        @JsonProperty("revoked")
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /** A new link: {@code secret} is the only copy. */
    public record Created(ShareLink link, String secret) {
    }

    // Unambiguous also when joined with policy.
    private static final String COLUMNS = "id, policy_name, version, created_by, created_at, revoked_at";

    private final JdbcTemplate jdbc;
    private final PolicyStore store;
    private final SecureRandom random = new SecureRandom();

    ShareLinks(JdbcTemplate jdbc, PolicyStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /** A new link to version {@code version} of {@code policy}, which must not be deleted (else NotFound). */
    public Created create(String policy, int version, String username) {
        store.describe(policy, null);
        store.describe(policy, ApiParameters.version("version", version));
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = Instant.now();
        jdbc.update("INSERT INTO share_link (policy_name, version, link_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                policy, version, SecretDigest.of(secret), username, Timestamp.from(now));
        long id = jdbc.queryForObject("SELECT id FROM share_link WHERE link_hash = ?", Long.class, SecretDigest.of(secret));
        return new Created(new ShareLink(id, policy, version, username, now, null), secret);
    }

    /** The policy's links, revoked ones included, newest first. */
    public List<ShareLink> list(String policy) {
        return jdbc.query("SELECT " + COLUMNS + " FROM share_link WHERE policy_name = ? ORDER BY id DESC",
                (rs, row) -> link(rs), policy);
    }

    /** Revokes one of the policy's links; false when it has no such live link. */
    public boolean revoke(String policy, long id) {
        return jdbc.update("UPDATE share_link SET revoked_at = ? WHERE id = ? AND policy_name = ? AND revoked_at IS NULL",
                Timestamp.from(Instant.now()), id, policy) == 1;
    }

    /** The live link {@code secret} opens; empty for anything else (unknown, revoked, or not even shaped like one). */
    public Optional<ShareLink> open(String secret) {
        if (!SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        // Deleting revokes; the policy's own state is asked too, for a link made while another instance was deleting it.
        return jdbc.query("SELECT " + COLUMNS + " FROM share_link s JOIN policy p ON p.name = s.policy_name"
                        + " WHERE s.link_hash = ? AND s.revoked_at IS NULL AND p.deleted_at IS NULL",
                (rs, row) -> link(rs), SecretDigest.of(secret)).stream().findFirst();
    }

    @EventListener
    void revokeAll(PolicyDeleted deleted) {
        jdbc.update("UPDATE share_link SET revoked_at = ? WHERE policy_name = ? AND revoked_at IS NULL",
                Timestamp.from(Instant.now()), deleted.name());
    }

    private static ShareLink link(ResultSet rs) throws SQLException {
        Timestamp revoked = rs.getTimestamp(6);
        return new ShareLink(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
