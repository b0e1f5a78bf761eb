package dev.landlockstudio.web.learn;

import static dev.landlockstudio.web.system.ColumnText.cut;

import dev.landlockstudio.compiler.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Learns, their progress and their reports, kept so that they can be read again and their policy saved later. */
@Repository
class LearnStore {

    private static final String COLUMNS = "id, command, abi, max_runs, into_policy, into_version, started_by, started_at,"
            + " finished_at, status, message";
    /** The widest text column: a report that does not fit is not kept, and the learn says so. */
    static final int TEXT_MAX = 1_000_000;
    private static final int LIST_MAX = 100;

    private final JdbcTemplate jdbc;

    LearnStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long start(List<String> command, int abi, int maxRuns, String into, Integer intoVersion, String user) {
        String words = Json.write(command);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("INSERT INTO learn (command, abi, max_runs, into_policy, into_version,"
                    + " started_by, started_at, status, message, progress) VALUES (?, ?, ?, ?, ?, ?, ?, 'running', '', ?)",
                    new String[] {"id"});
            insert.setString(1, words);
            insert.setInt(2, abi);
            insert.setInt(3, maxRuns);
            insert.setString(4, into);
            insert.setObject(5, intoVersion);
            insert.setString(6, user);
            insert.setTimestamp(7, Timestamp.from(Instant.now()));
            insert.setString(8, Json.write(LearnProgress.started()));
            return insert;
        }, key);
        return key.getKey().longValue();
    }

    void progress(long id, LearnProgress progress) {
        jdbc.update("UPDATE learn SET progress = ? WHERE id = ?", Json.write(progress), id);
    }

    /** @param report null when the learn failed */
    void finish(long id, String status, String message, LearnReport report) {
        jdbc.update("UPDATE learn SET status = ?, message = ?, report = ?, finished_at = ? WHERE id = ?", status,
                cut(message, 4000), report == null ? null : Json.write(report), Timestamp.from(Instant.now()), id);
    }

    Optional<Learn> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM learn WHERE id = ?", (rs, n) -> learn(rs), id).stream().findFirst();
    }

    /** The newest learns first, at most a hundred. */
    List<Learn> recent() {
        return jdbc.query("SELECT " + COLUMNS + " FROM learn ORDER BY id DESC FETCH FIRST " + LIST_MAX + " ROWS ONLY",
                (rs, n) -> learn(rs));
    }

    LearnProgress progress(long id) {
        return Json.MAPPER.readValue(jdbc.queryForObject("SELECT progress FROM learn WHERE id = ?", String.class, id),
                LearnProgress.class);
    }

    Optional<LearnReport> report(long id) {
        String report = jdbc.queryForObject("SELECT report FROM learn WHERE id = ?", String.class, id);
        return Optional.ofNullable(report).map(text -> Json.MAPPER.readValue(text, LearnReport.class));
    }

    /** Learns a stopped server left running: they will never finish. */
    void abandonRunning() {
        jdbc.update("UPDATE learn SET status = 'failed', message = 'the server stopped during the learn', finished_at = ?"
                + " WHERE status = 'running'", Timestamp.from(Instant.now()));
    }

    private static Learn learn(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp(9);
        return new Learn(rs.getLong(1), Arrays.asList(Json.MAPPER.readValue(rs.getString(2), String[].class)), rs.getInt(3),
                rs.getInt(4), rs.getString(5), rs.getObject(6, Integer.class), rs.getString(7),
                rs.getTimestamp(8).toInstant(), finished == null ? null : finished.toInstant(), rs.getString(10),
                rs.getString(11));
    }
}
