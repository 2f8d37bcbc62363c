package org.skingpt.store.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.skingpt.api.record.RecordStatus;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.api.record.RecordWriteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and its state. Until the database has been reached and migrated, every call is
 * refused with {@link RecordUnavailableException} (with the reason) and a background thread tries again
 * every {@code retry}; once ready, a database that goes away makes calls fail the same way and the pool
 * reconnects by itself when it is back.
 */
final class Database implements AutoCloseable {

    /** Where raw (unpooled) data sources come from: a driver's OSGi {@code DataSourceFactory}, or a test's. */
    @FunctionalInterface
    interface DataSourceProvider {
        /**
         * @param props {@code url}, and {@code user} / {@code password} when set (the names of
         *              {@code DataSourceFactory.JDBC_URL} etc.); nothing else: H2's factory refuses
         *              {@code dataSourceName}
         * @throws NoDriverException when no driver for the URL is registered (yet)
         */
        DataSource create(Properties props) throws SQLException;
    }

    /** No driver for the URL is available yet. */
    static final class NoDriverException extends SQLException {
        private static final long serialVersionUID = 1L;

        NoDriverException(String message) {
            super(message);
        }
    }

    /** Work in one transaction; committed when it returns, rolled back when it throws. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Called once each time the store becomes ready (after the migrations), on the store's thread. */
    @FunctionalInterface
    interface ReadyListener {
        void ready(Connection c) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final StoreSettings settings;
    private final DataSourceProvider provider;
    private final Migrator migrator;
    private final ReadyListener onReady;
    private final ScheduledExecutorService worker;
    private final CountDownLatch firstReady = new CountDownLatch(1);
    private final Object lock = new Object();
    /**
     * Transactions share it; {@link #purgeDeleted()} takes it alone, so that nothing writes while H2's file
     * is rewritten (its connections are closed meanwhile) and no call fails because of the purge.
     */
    private final java.util.concurrent.locks.ReadWriteLock gate = new java.util.concurrent.locks.ReentrantReadWriteLock();

    private volatile HikariDataSource pool;
    private ScheduledFuture<?> nextAttempt;
    private volatile boolean ready;
    private volatile boolean closed;
    private volatile boolean postgres;
    private volatile String product = "";
    private volatile String productVersion = "";
    private volatile int schemaVersion;
    private volatile String problem;

    Database(StoreSettings settings, DataSourceProvider provider, Migrator migrator, ReadyListener onReady) {
        this.settings = settings;
        this.provider = provider;
        this.migrator = migrator;
        this.onReady = onReady;
        this.problem = "connecting to " + settings.location();
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "skingpt-store");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts connecting in the background. */
    void start() {
        retryNow();
    }

    /** Tries to connect at once (a driver just appeared, for example), unless ready or closed. */
    void retryNow() {
        synchronized (lock) {
            if (closed || ready) {
                return;
            }
            if (nextAttempt != null) {
                nextAttempt.cancel(false);
            }
            nextAttempt = worker.schedule(this::attempt, 0, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits until the store is ready (for tests and the first call after start). */
    boolean awaitReady(long millis) throws InterruptedException {
        return firstReady.await(millis, TimeUnit.MILLISECONDS) && ready;
    }

    /** Drops the pool (a driver went away) and starts connecting again. */
    void reset(String why) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            ready = false;
            problem = why;
            closePool();
        }
        retryNow();
    }

    private void attempt() {
        if (closed || ready) {
            return;
        }
        String before = problem;
        try {
            HikariDataSource ds;
            synchronized (lock) {
                if (pool == null) {
                    pool = createPool();
                }
                ds = pool;
            }
            try (Connection c = ds.getConnection()) {
                DatabaseMetaData md = c.getMetaData();
                product = md.getDatabaseProductName();
                productVersion = md.getDatabaseProductVersion();
                postgres = product.toLowerCase(java.util.Locale.ROOT).contains("postgres");
                schemaVersion = migrator.migrate(c, postgres);
                if (onReady != null) {
                    c.setAutoCommit(false);
                    onReady.ready(c);
                    c.commit();
                }
            }
            synchronized (lock) {
                if (closed) {
                    return;
                }
                ready = true;
                problem = null;
            }
            firstReady.countDown();
            LOG.info("Clinical record ready: {} {} at {}, schema version {}", product, productVersion,
                    settings.location(), schemaVersion);
        } catch (Migrator.MigrationRefusedException e) {
            failed(before, e.getMessage(), null);
        } catch (NoDriverException e) {
            failed(before, e.getMessage(), null);
        } catch (SQLException | RuntimeException e) {
            failed(before, isConnectionProblem(e) ? unreachable(e) : "cannot open the record at "
                    + settings.location() + ": " + rootMessage(e), e);
        }
    }

    private void failed(String before, String message, Throwable e) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            problem = message;
            if (!message.equals(before)) {
                // Logged when the reason changes, not at every retry.
                LOG.error("Clinical record unavailable: {} (trying again every {} s)", message,
                        settings.retry().toMillis() / 1000.0);
                if (e != null && LOG.isDebugEnabled()) {
                    LOG.debug("Cause", e);
                }
            }
            nextAttempt = worker.schedule(this::attempt, settings.retry().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private HikariDataSource createPool() throws SQLException {
        Properties props = new Properties();
        // The names of DataSourceFactory.JDBC_URL / JDBC_USER / JDBC_PASSWORD, nothing else.
        props.setProperty("url", settings.url());
        if (!settings.user().isEmpty()) {
            props.setProperty("user", settings.user());
        }
        if (!settings.password().isEmpty()) {
            props.setProperty("password", settings.password());
        }
        DataSource raw = provider.create(props);
        HikariConfig config = new HikariConfig();
        config.setPoolName("skingpt-record");
        config.setDataSource(raw);
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        long timeout = Math.max(250, settings.connectTimeout().toMillis());
        config.setConnectionTimeout(timeout);
        config.setValidationTimeout(Math.max(250, Math.min(timeout - 1, 5000)));
        config.setAutoCommit(false);
        // Start without a connection: reaching the database is this class's job, with its messages.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** Runs work in one transaction on a pooled connection. */
    <T> T transaction(Work<T> work) {
        gate.readLock().lock();
        try {
            return inTransaction(work);
        } finally {
            gate.readLock().unlock();
        }
    }

    private <T> T inTransaction(Work<T> work) {
        HikariDataSource ds = readyPool();
        try (Connection c = ds.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** A pooled connection (auto-commit off) for a caller outside {@link #transaction}; throws when not ready. */
    Connection pooledConnection() throws SQLException {
        return readyPool().getConnection();
    }

    private HikariDataSource readyPool() {
        HikariDataSource ds = pool;
        if (!ready || ds == null) {
            String p = problem;
            throw new RecordUnavailableException(closed ? "the clinical record is stopped"
                    : "the clinical record is not available: " + (p == null ? "starting" : p));
        }
        return ds;
    }

    /** What an SQL failure means to a caller. */
    RuntimeException translate(SQLException e) {
        if (isConnectionProblem(e)) {
            return new RecordUnavailableException(unreachable(e), e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("22001")) {
            return new RecordWriteException("a value is longer than its column allows; nothing was stored ("
                    + rootMessage(e) + ")", e);
        }
        if (state.startsWith("23")) {
            return new RecordWriteException("the database refused the change as inconsistent; nothing was stored ("
                    + rootMessage(e) + ")", e);
        }
        return new RecordWriteException("the record's database failed: " + rootMessage(e)
                + "; nothing of this call was stored", e);
    }

    /**
     * Removes deleted rows from the database files, so that erased images and texts are gone from the disk
     * and not only from the tables: PostgreSQL rewrites the tables that hold them ({@code VACUUM FULL});
     * H2 rewrites its whole file ({@code SHUTDOWN COMPACT}; the pool reconnects afterwards). Other calls wait
     * meanwhile; on a large database this takes a while, which erasure (rare, by an admin) accepts.
     *
     * @return milliseconds it took
     */
    long purgeDeleted() {
        long started = System.nanoTime();
        gate.writeLock().lock();
        try {
            HikariDataSource ds = readyPool();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(true); // VACUUM cannot run inside a transaction
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute(postgres ? "VACUUM FULL images, answers, findings, reports_rendered" : "SHUTDOWN COMPACT");
                }
                if (postgres) {
                    c.setAutoCommit(false);
                }
            } catch (SQLException e) {
                // H2 may report its own shutdown as "database closed" on the connection that asked for it.
                if (postgres || (e.getErrorCode() != 90121 && e.getErrorCode() != 90098)) {
                    throw translate(e);
                }
            } finally {
                if (!postgres) {
                    // Every pooled H2 connection died with the shutdown; new ones reopen the compacted file.
                    ds.getHikariPoolMXBean().softEvictConnections();
                }
            }
        } finally {
            gate.writeLock().unlock();
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Whether the record can be used now; checks a connection (waits at most the connect timeout). */
    RecordStatus status() {
        Instant now = Instant.now();
        HikariDataSource ds = pool;
        if (closed) {
            return new RecordStatus(false, product, productVersion, settings.location(), schemaVersion,
                    "the clinical record is stopped", now);
        }
        if (!ready || ds == null) {
            String p = problem;
            return new RecordStatus(false, product, productVersion, settings.location(), schemaVersion,
                    p == null ? "starting" : p, now);
        }
        try (Connection c = ds.getConnection()) {
            if (!c.isValid((int) Math.max(1, settings.connectTimeout().toSeconds()))) {
                return new RecordStatus(false, product, productVersion, settings.location(), schemaVersion,
                        "database unreachable at " + settings.location() + ": the connection is not valid", now);
            }
            return new RecordStatus(true, product, productVersion, settings.location(), schemaVersion,
                    product + " " + productVersion + " at " + settings.location() + ", schema version "
                            + schemaVersion, now);
        } catch (SQLException e) {
            return new RecordStatus(false, product, productVersion, settings.location(), schemaVersion,
                    isConnectionProblem(e) ? unreachable(e) : "the record's database failed: " + rootMessage(e), now);
        }
    }

    boolean isReady() {
        return ready;
    }

    /** The schema version after the last migration run, 0 before. */
    int schemaVersion() {
        return schemaVersion;
    }

    boolean isPostgres() {
        return postgres;
    }

    StoreSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            ready = false;
            if (nextAttempt != null) {
                nextAttempt.cancel(false);
            }
            closePool();
        }
        worker.shutdownNow();
        firstReady.countDown();
    }

    private void closePool() {
        if (pool != null) {
            try {
                pool.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the record's connection pool failed: {}", e.toString());
            }
            pool = null;
        }
    }

    private String unreachable(Throwable e) {
        return "database unreachable at " + settings.location() + ": " + rootMessage(e);
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool drops it
        }
    }

    /** File system exceptions carry only a path as their message; say what is wrong with it. */
    private static String fileProblem(java.nio.file.FileSystemException f) {
        String what;
        if (f instanceof java.nio.file.NotDirectoryException) {
            what = "not a folder (a file is in the way)";
        } else if (f instanceof java.nio.file.AccessDeniedException) {
            what = "permission denied";
        } else if (f instanceof java.nio.file.NoSuchFileException) {
            what = "no such file or folder";
        } else if (f instanceof java.nio.file.FileAlreadyExistsException) {
            what = "a file with this name already exists";
        } else {
            what = f.getReason() == null ? f.getClass().getSimpleName() : f.getReason();
        }
        return f.getFile() == null ? what : what + ": " + f.getFile();
    }

    /** True for failures to reach the database (as opposed to a refused statement). */
    static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.SocketException || t instanceof java.io.EOFException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState() == null ? "" : s.getSQLState();
                // 08: connection exception; 57P01-3: admin shutdown, crash shutdown, cannot connect now
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
                // H2: 90067 connection broken, 90098 database closed, 90121 closed at VM shutdown,
                // 90020 file in use, 90028 I/O error, 90013 database not found
                int code = s.getErrorCode();
                if (code == 90067 || code == 90098 || code == 90121 || code == 90020 || code == 90028
                        || code == 90013) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The innermost message, which names the actual problem (never a password: drivers do not echo it). */
    static String rootMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.FileSystemException f) {
                message = fileProblem(f);
            } else if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        message = message.strip();
        int newline = message.indexOf('\n');
        message = newline > 0 ? message.substring(0, newline).strip() : message;
        // H2 follows its message with "; SQL statement:" and the statement on the next lines.
        return message.endsWith("; SQL statement:") ? message.substring(0, message.length() - 16) : message;
    }
}
