package dev.landlockstudio.web.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Migrates the database on a thread of its own while the web layer starts, since the sign-in page needs no database,
 * and holds back every connection asked for elsewhere until the migration has ended: nothing reads a schema that is
 * not there yet. A migration that fails fails every such connection with its reason, and so the start: the initial
 * admin asks for one as soon as the server listens.
 */
@Component
class BackgroundMigration implements FlywayMigrationStrategy, BeanPostProcessor {

    private final CompletableFuture<Void> migrated = new CompletableFuture<>();
    private volatile Thread migrating;

    @Override
    public void migrate(Flyway flyway) {
        Thread thread = new Thread(() -> {
            try {
                flyway.migrate();
                migrated.complete(null);
            } catch (Throwable e) {
                migrated.completeExceptionally(e);
            }
        }, "database-migration");
        thread.setDaemon(true);
        migrating = thread;
        thread.start();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource && !(bean instanceof MigratedDataSource)
                ? new MigratedDataSource(dataSource) : bean;
    }

    /** Returns once the migration has ended well; at once on the migration's own thread, or when none was started. */
    void awaitMigration() throws SQLException {
        Thread thread = migrating;
        if (thread == null || Thread.currentThread() == thread) {
            return;
        }
        try {
            migrated.get();
        } catch (ExecutionException e) {
            throw new SQLException("the database could not be migrated: " + reason(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the database was being migrated", e);
        }
    }

    /** Flyway's message, and what it wraps when the message does not say it (a Java migration's "Migration failed"). */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage());
        return root == failure || message.contains(String.valueOf(root.getMessage())) ? message
                : message + " (" + root.getMessage() + ")";
    }

    /** The application's data source, whose connections wait for the migration. */
    private final class MigratedDataSource extends DelegatingDataSource {

        MigratedDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            awaitMigration();
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            awaitMigration();
            return super.getConnection(username, password);
        }
    }
}
