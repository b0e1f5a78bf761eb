package dev.landlockstudio.web.dryrun;

import static dev.landlockstudio.web.system.ColumnText.cut;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Dry runs and their rows, kept so that they can be viewed again. */
@Repository
class DryRunStore {

    private static final String COLUMNS = "id, policy_name, version, mode, detail, abi, started_by, started_at, finished_at,"
            + " status, message, probes, tried";

    private final JdbcTemplate jdbc;

    DryRunStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long start(String policy, int version, String mode, String detail, String user) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("INSERT INTO dry_run (policy_name, version, mode, detail, started_by,"
                    + " started_at, status, message, output) VALUES (?, ?, ?, ?, ?, ?, 'running', '', '')", new String[] {"id"});
            insert.setString(1, policy);
            insert.setInt(2, version);
            insert.setString(3, mode);
            insert.setString(4, cut(detail, 4000));
            insert.setString(5, user);
            insert.setTimestamp(6, Timestamp.from(Instant.now()));
            return insert;
        }, key);
        return key.getKey().longValue();
    }

    void abi(long id, int abi) {
        jdbc.update("UPDATE dry_run SET abi = ? WHERE id = ?", abi, id);
    }

    void planned(long id, int probes) {
        jdbc.update("UPDATE dry_run SET probes = ? WHERE id = ?", probes, id);
    }

    void row(long id, DryRunRow row) {
        jdbc.update("INSERT INTO dry_run_row (run_id, seq, probe, spec, expected, actual, matched, kernel)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, row.seq(), cut(row.probe(), 4000), cut(row.spec(), 4000),
                cut(row.expected(), 200), cut(row.actual(), 200), row.match(), row.kernel());
    }

    void kernel(long id, DryRunKernel kernel) {
        jdbc.update("INSERT INTO dry_run_kernel (run_id, abi, kernel_release, reported_abi, took_ms, status, refused, probes,"
                + " mismatched, left_out, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, kernel.abi(),
                cut(kernel.release(), 200), kernel.reportedAbi(), kernel.tookMillis(), cut(kernel.status(), 4000),
                cut(kernel.refused(), 4000), kernel.probes(), kernel.mismatched(), kernel.leftOut(), kernel.outcome());
    }

    /** The kernels of a run on stock kernels, by ABI (none for a run on this host). */
    List<DryRunKernel> kernels(long id) {
        return jdbc.query("SELECT abi, kernel_release, reported_abi, took_ms, status, refused, probes, mismatched, left_out,"
                + " outcome FROM dry_run_kernel WHERE run_id = ? ORDER BY abi", (rs, n) ->
                new DryRunKernel(rs.getInt(1), rs.getString(2), rs.getObject(3, Integer.class), rs.getObject(4, Long.class),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getString(10)), id);
    }

    /** @param tried how many probes were tried, or null (a command) */
    void finish(long id, String status, String message, String output, Integer tried) {
        jdbc.update("UPDATE dry_run SET status = ?, message = ?, output = ?, tried = ?, finished_at = ? WHERE id = ?", status,
                cut(message, 4000), cut(output, 1_000_000), tried, Timestamp.from(Instant.now()), id);
    }

    Optional<DryRun> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dry_run WHERE id = ?", (rs, n) -> run(rs), id).stream().findFirst();
    }

    /** The policy's runs, newest first. */
    List<DryRun> ofPolicy(String policy) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dry_run WHERE policy_name = ? ORDER BY id DESC", (rs, n) -> run(rs), policy);
    }

    List<DryRunRow> rows(long id, ProbeGroups groups) {
        return jdbc.query("SELECT seq, probe, spec, expected, actual, matched, kernel FROM dry_run_row WHERE run_id = ?"
                + " ORDER BY seq", (rs, n) -> {
                    ProbeGroups.Place place = groups.place(rs.getString(3), rs.getString(2));
                    return new DryRunRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getBoolean(6), place.group(), place.cell(), rs.getObject(7, Integer.class));
                }, id);
    }

    String output(long id) {
        return jdbc.queryForObject("SELECT output FROM dry_run WHERE id = ?", String.class, id);
    }

    /** Runs a stopped server left running: they will never finish. */
    void abandonRunning() {
        jdbc.update("UPDATE dry_run SET status = 'failed', message = 'the server stopped during the run', finished_at = ?"
                + " WHERE status = 'running'", Timestamp.from(Instant.now()));
    }

    private static DryRun run(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp(9);
        return new DryRun(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, Integer.class), rs.getString(7), rs.getTimestamp(8).toInstant(),
                finished == null ? null : finished.toInstant(), rs.getString(10), rs.getString(11),
                rs.getObject(12, Integer.class), rs.getObject(13, Integer.class));
    }
}
