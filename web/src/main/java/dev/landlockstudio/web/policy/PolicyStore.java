package dev.landlockstudio.web.policy;

import dev.landlockstudio.compiler.policy.Policy;
import dev.landlockstudio.web.api.NotFound;
import dev.landlockstudio.web.cache.BoundedCache;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Policies and their append-only versions. A change names the version it was based on; it is saved as the next
 * version only if that is still the latest (a compare-and-set on {@code policy.latest_version}, backed by the
 * version's primary key), so no concurrent change is ever overwritten, and a number once given to a version names
 * it for good. Each save is on disk before it is answered (the database's settings) and before any read shows it
 * ({@link DurableReads}). Documents are checked by the caller.
 */
@Repository
public class PolicyStore {

    private static final String VERSION_COLUMNS = "v.policy_name, v.version, v.abi, v.author, v.created_at, v.note";

    private final JdbcTemplate jdbc;
    private final DurableReads durable = new DurableReads();
    // Export asks on every call; a change here forgets at once, another instance's within a second.
    private final BoundedCache<String, Optional<PolicyVersion>> latestVersions = BoundedCache.expiring(Duration.ofSeconds(1), 10_000);

    private final ApplicationEventPublisher events;

    public PolicyStore(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** The policies not deleted, by name; {@code query} (or null) filters on name and description. */
    public List<PolicySummary> list(String query) {
        // The text is searched for as it is: LIKE's own wildcards in it are escaped.
        String text = query == null ? "" : query.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                .replace("%", "\\%").replace("_", "\\_");
        String like = "%" + text + "%";
        return durable.revealed(jdbc.query("""
                SELECT p.name, v.description, p.latest_version, v.created_at, v.author
                FROM policy p JOIN policy_version v ON v.policy_name = p.name AND v.version = p.latest_version
                WHERE p.deleted_at IS NULL AND (LOWER(p.name) LIKE ? ESCAPE '\\' OR LOWER(v.description) LIKE ? ESCAPE '\\')
                ORDER BY p.name""",
                (rs, row) -> new PolicySummary(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs, 4), rs.getString(5)),
                like, like));
    }

    /** The latest version of a policy not deleted, with its document. */
    public StoredPolicy latest(String name) {
        return durable.revealed(jdbc.query("SELECT " + VERSION_COLUMNS + ", v.document FROM policy p JOIN policy_version v"
                        + " ON v.policy_name = p.name AND v.version = p.latest_version WHERE p.name = ? AND p.deleted_at IS NULL",
                (rs, row) -> new StoredPolicy(version(rs), rs.getString(7)), name)).stream().findFirst()
                .orElseThrow(() -> notFound(name));
    }

    /** A version without its document: the latest when {@code version} is null. */
    public PolicyVersion describe(String name, Integer version) {
        if (version == null) {
            return latestVersions.get(name, key -> durable.revealed(jdbc.query("SELECT " + VERSION_COLUMNS + " FROM policy p"
                            + " JOIN policy_version v ON v.policy_name = p.name AND v.version = p.latest_version"
                            + " WHERE p.name = ? AND p.deleted_at IS NULL", (rs, row) -> version(rs), key)).stream().findFirst())
                    .orElseThrow(() -> notFound(name));
        }
        return durable.revealed(jdbc.query("SELECT " + VERSION_COLUMNS + " FROM policy_version v WHERE v.policy_name = ? AND v.version = ?",
                (rs, row) -> version(rs), name, version)).stream().findFirst().orElseThrow(() -> missing(name, version));
    }

    /** The document alone of a version {@link #describe} has found (versions are never removed). */
    public String document(String name, int version) {
        return durable.revealed(jdbc.query("SELECT document FROM policy_version WHERE policy_name = ? AND version = ?",
                (rs, row) -> rs.getString(1), name, version)).stream().findFirst().orElseThrow(() -> missing(name, version));
    }

    /** Any saved version, also of a deleted policy: history is never lost. */
    public StoredPolicy version(String name, int version) {
        return durable.revealed(jdbc.query("SELECT " + VERSION_COLUMNS + ", v.document FROM policy_version v"
                        + " WHERE v.policy_name = ? AND v.version = ?",
                        (rs, row) -> new StoredPolicy(version(rs), rs.getString(7)), name, version)).stream().findFirst()
                .orElseThrow(() -> missing(name, version));
    }

    private NotFound missing(String name, int version) {
        return row(name).isPresent() ? new NotFound("policy " + name + " has no version " + version) : notFound(name);
    }

    private static NotFound notFound(String name) {
        return new NotFound("no policy named " + name);
    }

    /**
     * Every version's document, oldest first, handed over one at a time: a long history need not fit in memory.
     * Only versions already {@linkplain #versions listed} are handed over, so none is seen before it is written.
     */
    public void eachDocument(String name, int upTo, BiConsumer<Integer, String> each) {
        jdbc.query("SELECT version, document FROM policy_version WHERE policy_name = ? AND version <= ? ORDER BY version",
                (RowCallbackHandler) rs -> each.accept(rs.getInt(1), rs.getString(2)), name, upTo);
    }

    /** Every version, newest first. */
    public List<PolicyVersion> versions(String name) {
        List<PolicyVersion> versions = durable.revealed(jdbc.query("SELECT " + VERSION_COLUMNS + " FROM policy_version v"
                + " WHERE v.policy_name = ? ORDER BY v.version DESC", (rs, row) -> version(rs), name));
        if (versions.isEmpty()) {
            throw notFound(name);
        }
        return versions;
    }

    /** Saves a new policy as v1, or a deleted one's name as its next version. */
    @Transactional
    public PolicyVersion create(Policy policy, String document, String author, String note) {
        durable.saving();
        Optional<Row> existing = row(policy.name());
        if (existing.isEmpty()) {
            try {
                jdbc.update("INSERT INTO policy (name, latest_version) VALUES (?, 1)", policy.name());
            } catch (DuplicateKeyException e) {
                throw PolicyConflict.exists(policy.name());
            }
            return insertVersion(policy, 1, document, author, note);
        }
        int latest = existing.get().latestVersion();
        if (!existing.get().deleted() || jdbc.update("UPDATE policy SET latest_version = ?, deleted_at = NULL"
                + " WHERE name = ? AND latest_version = ? AND deleted_at IS NOT NULL", latest + 1, policy.name(), latest) == 0) {
            throw PolicyConflict.exists(policy.name());
        }
        return insertVersion(policy, latest + 1, document, author, note);
    }

    /** Saves the next version, if {@code basedOn} is still the latest. */
    @Transactional
    public PolicyVersion update(Policy policy, int basedOn, String document, String author, String note) {
        durable.saving();
        int latest = liveLatestVersion(policy.name());
        if (latest != basedOn || jdbc.update("UPDATE policy SET latest_version = ? WHERE name = ? AND latest_version = ?",
                basedOn + 1, policy.name(), basedOn) == 0) {
            throw PolicyConflict.stale(policy.name(), basedOn, latest);
        }
        return insertVersion(policy, basedOn + 1, document, author, note);
    }

    /** Hides the policy from the list and from reads of its latest version, if {@code basedOn} is the latest; its versions stay. */
    @Transactional
    public void delete(String name, int basedOn) {
        durable.saving();
        int latest = liveLatestVersion(name);
        if (latest != basedOn || jdbc.update("UPDATE policy SET deleted_at = ? WHERE name = ? AND latest_version = ?"
                + " AND deleted_at IS NULL", Timestamp.from(Instant.now()), name, basedOn) == 0) {
            throw PolicyConflict.stale(name, basedOn, latest);
        }
        events.publishEvent(new PolicyDeleted(name));
        forgetLatestAfterCommit(name);
    }

    /** After the change is visible to others, so that no read in between caches the version before it. */
    private void forgetLatestAfterCommit(String name) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                latestVersions.forget(name);
            }
        });
    }

    private record Row(int latestVersion, boolean deleted) {
    }

    private Optional<Row> row(String name) {
        return durable.revealed(jdbc.query("SELECT latest_version, deleted_at FROM policy WHERE name = ?",
                (rs, n) -> new Row(rs.getInt(1), rs.getTimestamp(2) != null), name)).stream().findFirst();
    }

    private int liveLatestVersion(String name) {
        return row(name).filter(r -> !r.deleted()).orElseThrow(() -> notFound(name)).latestVersion();
    }

    private PolicyVersion insertVersion(Policy policy, int version, String document, String author, String note) {
        forgetLatestAfterCommit(policy.name());
        Instant now = Instant.now();
        String description = policy.description() == null ? "" : policy.description();
        try {
            jdbc.update("INSERT INTO policy_version (policy_name, version, document, description, abi, author, created_at, note)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", policy.name(), version, document, description, policy.abiOrDefault(), author,
                    Timestamp.from(now), note);
        } catch (DuplicateKeyException e) {
            // Another change took this version number first.
            throw PolicyConflict.stale(policy.name(), version - 1, version);
        }
        return new PolicyVersion(policy.name(), version, policy.abiOrDefault(), author, now, note);
    }

    private static PolicyVersion version(ResultSet rs) throws SQLException {
        return new PolicyVersion(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), instant(rs, 5), rs.getString(6));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }
}
