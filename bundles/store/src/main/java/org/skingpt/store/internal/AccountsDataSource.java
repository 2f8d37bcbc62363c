package org.skingpt.store.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

import org.skingpt.api.access.UserAccounts;
import org.skingpt.api.record.RecordUnavailableException;

/**
 * The record's connections for Karaf's JDBC login module, which reads and writes the tables {@code accounts}
 * and {@code account_roles} when accounts are kept in the record (several nodes). Registered as a
 * {@code javax.sql.DataSource} with {@value #PROPERTY}={@value #VALUE}. Each connection is in auto-commit
 * mode (Karaf's module and backing engine never commit; the pool's connections otherwise do not).
 */
final class AccountsDataSource implements DataSource {

    static final String PROPERTY = UserAccounts.DATA_SOURCE_PROPERTY;
    static final String VALUE = UserAccounts.ACCOUNTS_DATA_SOURCE;
    /** How Karaf's JDBC module finds it (option {@code datasource}). */
    static final String LOOKUP = "osgi:javax.sql.DataSource/" + UserAccounts.ACCOUNTS_DATA_SOURCE_FILTER;

    private final Database db;

    AccountsDataSource(Database db) {
        this.db = db;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c;
        try {
            c = db.pooledConnection();
        } catch (RecordUnavailableException e) {
            throw new SQLException(e.getMessage(), "08001", e);
        }
        c.setAutoCommit(true);
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the record's connections use the store's own credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the pool's connect timeout applies
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
