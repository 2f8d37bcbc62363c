package org.skingpt.accounts.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Accounts kept in the clinical record (tables {@code accounts} and {@code account_roles}, Karaf's JDBC
 * login module layout) rather than in {@code etc/users.properties}, so that every node of a hospital shares
 * them. Karaf's own {@code JDBCLoginModule} checks passwords and reads roles; this class lists accounts for
 * the shell and seeds an empty record from the users file once.
 */
final class RecordAccounts {

    static final String LOGIN_MODULE = "org.apache.karaf.jaas.modules.jdbc.JDBCLoginModule";

    /** Options of Karaf's JDBC module and backing engine for these tables (the datasource option comes apart). */
    static Map<String, String> moduleOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("query.password", "SELECT password FROM accounts WHERE name=?");
        o.put("query.role", "SELECT role FROM account_roles WHERE name=?");
        o.put("query.user", "SELECT name FROM accounts");
        o.put("insert.user", "INSERT INTO accounts (name, password) VALUES (?,?)");
        o.put("insert.role", "INSERT INTO account_roles (name, role) VALUES (?,?)");
        o.put("delete.role", "DELETE FROM account_roles WHERE name=? AND role=?");
        o.put("delete.roles", "DELETE FROM account_roles WHERE name=?");
        o.put("delete.user", "DELETE FROM accounts WHERE name=?");
        return o;
    }

    private final DataSource db;

    RecordAccounts(DataSource db) {
        this.db = db;
    }

    boolean exists(String name) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM accounts WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** @return false when there is no such account */
    boolean setPassword(String name, String stored) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE accounts SET password = ? WHERE name = ?")) {
            ps.setString(1, stored);
            ps.setString(2, name);
            return ps.executeUpdate() == 1;
        }
    }

    /** Every account with its roles, groups expanded, as {@link UsersFile#accounts()} gives them. */
    List<UsersFile.Account> list() throws SQLException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name, password FROM accounts ORDER BY name")) {
                while (rs.next()) {
                    entries.put(rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT name, role FROM account_roles ORDER BY name, role")) {
                while (rs.next()) {
                    entries.merge(rs.getString(1), "group," + rs.getString(2), (a, b) -> a + b.substring(5));
                }
            }
        }
        List<UsersFile.Account> out = new ArrayList<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (!e.getKey().startsWith(UsersFile.GROUP_PREFIX)) {
                out.add(UsersFile.account(e.getKey(), e.getValue(), entries));
            }
        }
        return out;
    }

    /**
     * Copies the users file into the record when the record holds no account yet (the first node to start in
     * this mode seeds it; the others find it filled). Hashed passwords are copied as stored; one still in plain
     * text (Karaf hashes the file's entries only when its own module reads them) is hashed with the realm's
     * encryption first, or skipped when that is not possible.
     *
     * @param hasher plain text to the stored form Karaf's module checks, or null when it cannot hash now
     * @return how many accounts were copied, or -1 when the record already had accounts
     */
    int seedIfEmpty(Map<String, String> file, List<String> skipped, PasswordHashes hashes,
            java.util.function.UnaryOperator<String> hasher) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM accounts")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        c.rollback();
                        return -1;
                    }
                }
                int n = 0;
                try (PreparedStatement user = c.prepareStatement("INSERT INTO accounts (name, password) VALUES (?, ?)");
                        PreparedStatement role = c.prepareStatement(
                                "INSERT INTO account_roles (name, role) VALUES (?, ?)")) {
                    for (Map.Entry<String, String> e : file.entrySet()) {
                        String[] fields = e.getValue().split(",");
                        boolean group = e.getKey().startsWith(UsersFile.GROUP_PREFIX);
                        if (!group) {
                            String stored = fields[0].trim();
                            if (hashes.kind(stored) == PasswordHashes.Kind.PLAIN) {
                                stored = hasher.apply(stored);
                                if (stored == null) {
                                    skipped.add(e.getKey());
                                    continue;
                                }
                            }
                            user.setString(1, e.getKey());
                            user.setString(2, stored);
                            user.addBatch();
                            n++;
                        }
                        java.util.Set<String> roles = new java.util.LinkedHashSet<>();
                        for (int i = 1; i < fields.length; i++) {
                            if (!fields[i].isBlank()) {
                                roles.add(fields[i].trim());
                            }
                        }
                        for (String r : roles) {
                            role.setString(1, e.getKey());
                            role.setString(2, r);
                            role.addBatch();
                        }
                    }
                    user.executeBatch();
                    role.executeBatch();
                }
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
