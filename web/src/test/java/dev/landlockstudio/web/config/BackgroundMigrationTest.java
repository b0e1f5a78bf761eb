package dev.landlockstudio.web.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a real H2 file database and Flyway: what asks for a connection while the migration runs waits for its end. */
class BackgroundMigrationTest {

    @TempDir
    Path dir;

    /** Creates the table the reader counts, once it is let go; on the migration's own connection. */
    static final class V1__Held extends BaseJavaMigration {
        private final CountDownLatch letGo;

        V1__Held(CountDownLatch letGo) {
            this.letGo = letGo;
        }

        @Override
        public void migrate(Context context) throws Exception {
            assertThat(letGo.await(30, TimeUnit.SECONDS)).isTrue();
            try (Statement statement = context.getConnection().createStatement()) {
                statement.execute("create table held (id int)");
                statement.execute("insert into held values (1)");
            }
        }
    }

    static final class V1__Broken extends BaseJavaMigration {
        @Override
        public void migrate(Context context) {
            throw new IllegalStateException("column x cannot be added");
        }
    }

    @Test
    void aConnectionAskedForDuringTheMigrationWaitsAndSeesItsSchema() throws Exception {
        BackgroundMigration migration = new BackgroundMigration();
        DataSource dataSource = (DataSource) migration.postProcessAfterInitialization(h2(), "dataSource");
        CountDownLatch letGo = new CountDownLatch(1);
        migration.migrate(flyway(dataSource, new V1__Held(letGo)));

        AtomicReference<Object> counted = new AtomicReference<>();
        Thread reader = new Thread(() -> counted.set(count(dataSource)));
        reader.start();
        // Without the wait the reader would find no table and end with an error before the migration is let go.
        waitUntilBlocked(reader);
        assertThat(counted.get()).isNull();
        letGo.countDown();
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(counted.get()).isEqualTo(1);
    }

    @Test
    void aMigrationThatFailsFailsEveryConnectionWithItsReason() throws Exception {
        BackgroundMigration migration = new BackgroundMigration();
        DataSource dataSource = (DataSource) migration.postProcessAfterInitialization(h2(), "dataSource");
        migration.migrate(flyway(dataSource, new V1__Broken()));
        assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class)
                .hasMessageContaining("the database could not be migrated")
                .hasMessageContaining("column x cannot be added");
    }

    @Test
    void withNoMigrationStartedConnectionsAreGivenAtOnce() throws Exception {
        DataSource dataSource = (DataSource) new BackgroundMigration().postProcessAfterInitialization(h2(), "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.isValid(1)).isTrue();
        }
    }

    private DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:" + dir.resolve("db"));
        return h2;
    }

    private static Flyway flyway(DataSource dataSource, BaseJavaMigration migration) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:no-sql-migrations-here")
                .javaMigrations(migration).load();
    }

    private static Object count(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from held")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            return e;
        }
    }

    private static void waitUntilBlocked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING && thread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
