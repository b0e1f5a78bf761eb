package dev.landlockstudio.web.token;

import dev.landlockstudio.web.cache.BoundedCache;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * API tokens: random, shown once when created, stored only as their SHA-256 (a token is long and random, so a slow
 * hash adds nothing). Each has a scope and may expire; a revoked token stops working at once.
 */
@Repository
public class ApiTokenStore {

    /** Every token starts with this, so that one pasted in the wrong place is easy to recognise. */
    public static final String PREFIX = "lls_";
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    /** A token as its owner sees it in the list; the token itself is never shown again. {@code expiresAt} may be null. */
    public record ApiToken(long id, String name, TokenScope scope, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                           Instant revokedAt) {

        public boolean expired() {
            return expiresAt != null && !expiresAt.isAfter(Instant.now());
        }
    }

    /** A new token: {@code secret} is the only copy. */
    public record Created(ApiToken token, String secret) {
    }

    /** What a live token lets its bearer do: act as {@code username} within {@code scope}, until {@code expiresAt}. */
    public record Grant(String username, TokenScope scope, Instant expiresAt) {

        public boolean expired() {
            return expiresAt != null && !expiresAt.isAfter(Instant.now());
        }
    }

    private record Owner(long id, Grant grant, Instant lastUsedAt) {
    }

    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();
    // Every API call asks; a revocation here forgets at once, another instance's within a second.
    private final BoundedCache<String, Optional<Owner>> owners = BoundedCache.expiring(Duration.ofSeconds(1), 10_000);

    public ApiTokenStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A token of scope full that never expires, as every token was before scopes. */
    public Created create(String username, String name) {
        return create(username, name, TokenScope.FULL, null);
    }

    /** A new token; {@code expiresAt} null for one that never expires. */
    public Created create(String username, String name, TokenScope scope, Instant expiresAt) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + HexFormat.of().formatHex(bytes);
        Instant now = Instant.now();
        jdbc.update("INSERT INTO api_token (username, name, scope, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                username, name, scope.id(), hash(secret), Timestamp.from(now), expiresAt == null ? null : Timestamp.from(expiresAt));
        long id = jdbc.queryForObject("SELECT id FROM api_token WHERE token_hash = ?", Long.class, hash(secret));
        return new Created(new ApiToken(id, name, scope, now, expiresAt, null, null), secret);
    }

    public List<ApiToken> list(String username) {
        return jdbc.query("SELECT id, name, scope, created_at, expires_at, last_used_at, revoked_at FROM api_token"
                        + " WHERE username = ? ORDER BY id",
                (rs, row) -> new ApiToken(rs.getLong(1), rs.getString(2), scope(rs.getString(3)), rs.getTimestamp(4).toInstant(),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7))), username);
    }

    /** One of the user's tokens, revoked or not. */
    public Optional<ApiToken> find(String username, long id) {
        return list(username).stream().filter(token -> token.id() == id).findFirst();
    }

    /** Revokes one of the user's tokens; false when they have no such live token. */
    public boolean revoke(String username, long id) {
        boolean revoked = jdbc.update("UPDATE api_token SET revoked_at = ? WHERE id = ? AND username = ? AND revoked_at IS NULL",
                Timestamp.from(Instant.now()), id, username) == 1;
        owners.forgetAll();
        return revoked;
    }

    /**
     * What this unrevoked token grants, expired or not (the caller says which); notes the use of one that has not
     * expired (to the minute, so that busy CI jobs do not write on every call).
     */
    public Optional<Grant> grant(String secret) {
        String hash = hash(secret);
        Optional<Owner> owner = owners.get(hash, key -> jdbc.query("SELECT id, username, scope, expires_at, last_used_at"
                        + " FROM api_token WHERE token_hash = ? AND revoked_at IS NULL",
                (rs, row) -> new Owner(rs.getLong(1), new Grant(rs.getString(2), scope(rs.getString(3)), instant(rs.getTimestamp(4))),
                        instant(rs.getTimestamp(5))), key).stream().findFirst());
        owner.filter(o -> !o.grant().expired()).ifPresent(o -> {
            Instant now = Instant.now();
            if (o.lastUsedAt() == null || o.lastUsedAt().plus(LAST_USED_PRECISION).isBefore(now)) {
                jdbc.update("UPDATE api_token SET last_used_at = ? WHERE id = ?", Timestamp.from(now), o.id());
                owners.forget(hash);
            }
        });
        return owner.map(Owner::grant);
    }

    private static TokenScope scope(String id) {
        return TokenScope.of(id).orElseThrow(() -> new IllegalStateException("api_token.scope " + id + " is not a scope"));
    }

    private static String hash(String secret) {
        return SecretDigest.of(secret);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
