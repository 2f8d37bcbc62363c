package org.skingpt.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Small JDBC helpers shared by the H2 and PostgreSQL paths (the same SQL runs on both). */
final class Jdbc {

    private Jdbc() {
    }

    /** Both databases keep microseconds; instants are cut to them before they are written or hashed. */
    static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, OffsetDateTime.ofInstant(micros(t), ZoneOffset.UTC));
        }
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Empty strings are stored as NULL where a column is optional (sparse indexes, IS NULL filters). */
    static void setNullable(PreparedStatement ps, int i, String s) throws SQLException {
        if (s == null || s.isEmpty()) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, s);
        }
    }

    static String getString(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? "" : s;
    }
}
