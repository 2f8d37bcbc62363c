package org.skingpt.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.osgi.service.jdbc.DataSourceFactory;

/**
 * A fresh, empty database for one test, on H2 (a file in a temporary folder) or on the test PostgreSQL,
 * reached through the driver's own OSGi {@code DataSourceFactory} as in Karaf.
 */
abstract class TestDatabase {

    static final String NODE = "test-node";

    abstract String url();

    abstract String user();

    abstract DataSourceFactory factory();

    abstract boolean isPostgres();

    /** Settings for a store on this database: short timeouts so that failure tests stay fast. */
    StoreSettings settings() {
        return settings(0);
    }

    StoreSettings settings(int retentionDays) {
        return new StoreSettings(Urls.forStore(url()), user(), "", 4, retentionDays, Duration.ofMillis(1500),
                Duration.ofMillis(200), NODE);
    }

    /** Settings of one of several servers (nodes) on this database. */
    StoreSettings settings(String node, boolean multiNode) {
        StoreSettings s = settings();
        return new StoreSettings(s.url(), s.user(), s.password(), s.maxPoolSize(), 0, s.connectTimeout(), s.retry(),
                node, multiNode, java.time.Duration.ofSeconds(5));
    }

    /** A started store on this database with the bundle's migrations, ready. */
    RecordStore openStore(Clock clock) {
        return openStore(settings(), Migrator.load(RecordStore.class.getClassLoader()), clock);
    }

    /** A started store with these settings and the bundle's migrations, ready. */
    RecordStore openStore(StoreSettings settings, Clock clock) {
        return openStore(settings, Migrator.load(RecordStore.class.getClassLoader()), clock);
    }

    RecordStore openStore(StoreSettings settings, List<Migrator.Migration> migrations, Clock clock) {
        RecordStore s = new RecordStore(settings, factory()::createDataSource,
                new Migrator(migrations, NODE + " (test)"), clock);
        s.start();
        try {
            if (!s.database().awaitReady(30_000)) {
                String message = s.database().status().message();
                s.close();
                throw new AssertionError("store not ready: " + message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return s;
    }

    /** A plain connection (autocommit on) for checks and tampering behind the store's back. */
    Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, Urls.forStore(url()));
        p.setProperty(DataSourceFactory.JDBC_USER, user());
        return factory().createDataSource(p).getConnection();
    }

    static TestDatabase h2(Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("record").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        return h2Url(url);
    }

    static TestDatabase h2Url(String url) {
        DataSourceFactory f = new org.h2.util.OsgiDataSourceFactory(new org.h2.Driver());
        return new TestDatabase() {
            @Override
            String url() {
                return url;
            }

            @Override
            String user() {
                return "skingpt";
            }

            @Override
            DataSourceFactory factory() {
                return f;
            }

            @Override
            boolean isPostgres() {
                return false;
            }

            @Override
            public String toString() {
                return "H2";
            }
        };
    }

    static TestDatabase postgres(PostgresServer server) {
        return postgresUrl(server.createDatabase());
    }

    static TestDatabase postgresUrl(String url) {
        DataSourceFactory f = new org.postgresql.osgi.PGDataSourceFactory();
        return new TestDatabase() {
            @Override
            String url() {
                return url;
            }

            @Override
            String user() {
                return PostgresServer.USER;
            }

            @Override
            DataSourceFactory factory() {
                return f;
            }

            @Override
            boolean isPostgres() {
                return true;
            }

            @Override
            public String toString() {
                return "PostgreSQL";
            }
        };
    }
}
