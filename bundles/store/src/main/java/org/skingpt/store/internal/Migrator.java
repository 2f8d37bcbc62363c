package org.skingpt.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date from versioned SQL files ({@code db/migration/V001__init.sql}, ... listed
 * in {@code db/migration/index}). Each applied file is recorded in {@code schema_version} with its SHA-256;
 * a recorded file that has since changed, or a database at a version this bundle does not know (written
 * by a newer SkinGPT), stops the store with a message saying what to do. On PostgreSQL the run holds an
 * advisory lock, so servers starting together migrate once.
 */
final class Migrator {

    /** One migration file. */
    record Migration(int version, String description, String file, String sql, String sha256) {
    }

    /** The database cannot be used by this bundle until a person acts; the message says how. */
    static class MigrationRefusedException extends SQLException {
        private static final long serialVersionUID = 1L;

        MigrationRefusedException(String message) {
            super(message);
        }

        MigrationRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final String FOLDER = "db/migration/";
    /** Key of the PostgreSQL advisory lock held while migrating ("SkinGPT" in ASCII). */
    static final long ADVISORY_LOCK_KEY = 0x536b696e475054L;

    private static final Pattern NAME = Pattern.compile("V(\\d{3,})__([A-Za-z0-9_]+)\\.sql");
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    /** H2 is embedded: one process; this orders stores of one JVM (tests) on the same file. */
    private static final Object H2_LOCK = new Object();

    private final List<Migration> migrations;
    private final String appliedBy;

    Migrator(List<Migration> migrations, String appliedBy) {
        this.migrations = List.copyOf(migrations);
        this.appliedBy = appliedBy.length() > 200 ? appliedBy.substring(0, 200) : appliedBy;
    }

    /** The migrations listed in {@code db/migration/index} of this class loader (the bundle). */
    static List<Migration> load(ClassLoader loader) {
        List<Migration> list = new ArrayList<>();
        String index = read(loader, FOLDER + "index");
        int previous = 0;
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("db/migration/index lists '" + name
                        + "', which is not named V<number>__<description>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            if (version != previous + 1) {
                throw new IllegalStateException("db/migration/index: " + name + " follows version " + previous
                        + "; versions must be 1, 2, 3... without gaps");
            }
            previous = version;
            String sql = read(loader, FOLDER + name);
            list.add(new Migration(version, m.group(2).replace('_', ' '), name, sql, sha256(sql)));
        }
        return list;
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " in the store bundle");
            }
            // Line ends normalised: a checkout with CRLF must not look like a changed migration.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Migration> migrations() {
        return migrations;
    }

    /**
     * Applies what is missing.
     *
     * @return the schema version now
     * @throws MigrationRefusedException when the database must not be used by this bundle
     */
    int migrate(Connection c, boolean postgres) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            if (postgres) {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                    lock.setLong(1, ADVISORY_LOCK_KEY);
                    lock.execute();
                }
                try {
                    return migrateLocked(c);
                } finally {
                    try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                        unlock.setLong(1, ADVISORY_LOCK_KEY);
                        unlock.execute();
                    }
                }
            }
            synchronized (H2_LOCK) {
                return migrateLocked(c);
            }
        } finally {
            if (!c.isClosed()) {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private int migrateLocked(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + " version INTEGER NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL,"
                    + " sha256 VARCHAR(64) NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " applied_by VARCHAR(200) NOT NULL)");
        }
        TreeMap<Integer, String[]> applied = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT version, description, sha256, applied_at, applied_by FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                OffsetDateTime at = rs.getObject(4, OffsetDateTime.class);
                applied.put(rs.getInt(1), new String[] {rs.getString(2), rs.getString(3),
                        at == null ? "?" : at.toInstant().truncatedTo(ChronoUnit.SECONDS).toString(), rs.getString(5)});
            }
        }
        int known = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        int newest = applied.isEmpty() ? 0 : applied.lastKey();
        if (newest > known) {
            String[] row = applied.get(newest);
            throw new MigrationRefusedException("the database schema is at version " + newest + " (\"" + row[0]
                    + "\", applied " + row[2] + " by " + row[3] + "), newer than this SkinGPT store bundle knows"
                    + " (version " + known + "). A newer SkinGPT upgraded it: run that version, or restore the"
                    + " backup taken before the upgrade. Going back to an older schema is not supported.");
        }
        for (Map.Entry<Integer, String[]> e : applied.entrySet()) {
            Migration m = migrations.get(e.getKey() - 1);
            String recorded = e.getValue()[1];
            if (!m.sha256().equals(recorded)) {
                throw new MigrationRefusedException("migration " + FOLDER + m.file() + " (version " + m.version()
                        + ") was changed after it was applied to this database: its SHA-256 is now " + m.sha256()
                        + ", the database recorded " + recorded + " (applied " + e.getValue()[2] + " by "
                        + e.getValue()[3] + "). An applied migration must never change: put the file back as it"
                        + " was released and write the change as a new migration.");
            }
        }
        int version = newest;
        for (Migration m : migrations) {
            if (applied.containsKey(m.version())) {
                continue;
            }
            apply(c, m);
            version = m.version();
        }
        return version;
    }

    private void apply(Connection c, Migration m) throws SQLException {
        LOG.info("Applying migration {} (version {})", m.file(), m.version());
        List<String> statements = statements(m.sql());
        c.setAutoCommit(false);
        int n = 0;
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                n++;
                s.execute(sql);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO schema_version"
                    + " (version, description, sha256, applied_at, applied_by) VALUES (?, ?, ?, ?, ?)")) {
                insert.setInt(1, m.version());
                insert.setString(2, m.description());
                insert.setString(3, m.sha256());
                insert.setObject(4, OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
                insert.setString(5, appliedBy);
                insert.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // reported below
            }
            if (Database.isConnectionProblem(e)) {
                throw e;
            }
            throw new MigrationRefusedException("migration " + FOLDER + m.file() + " failed at statement " + n
                    + " of " + statements.size() + ": " + Database.rootMessage(e) + ". Nothing after it was applied"
                    + " (on H2 the statements before it were, and are run again: migrations are idempotent);"
                    + " fix the cause and the store tries again.", e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Statements of a migration: comment lines dropped, split at a ';' that ends a line. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                String statement = current.toString().strip();
                if (!statement.isEmpty()) {
                    out.add(statement);
                }
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
