package org.skingpt.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditQuery;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.AuditVerification;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.Page;
import org.skingpt.api.record.RecordWriteException;

/**
 * The audit trail on the {@code audit} table. Each entry's hash is SHA-256 over a canonical, length-prefixed
 * form of its fields and the previous entry's hash; {@code audit_head} holds the last sequence number and
 * hash, and appends lock its row, so the chain stays in order with several connections or servers.
 */
final class JdbcAuditTrail implements AuditTrail {

    static final int MAX_DETAIL_CHARS = 4_000;
    static final int MAX_SOURCE_CHARS = 100;
    private static final Pattern ACTION = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private final Database db;
    private final Clock clock;

    JdbcAuditTrail(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public AuditEntry append(AuditEntry entry) {
        AuditEntry checked = check(entry);
        return db.transaction(c -> appendIn(c, checked));
    }

    private AuditEntry check(AuditEntry e) {
        Check.notNull("audit entry", e);
        if (!ACTION.matcher(e.action()).matches()) {
            throw new RecordWriteException("audit action must be an upper-case name ([A-Z][A-Z0-9_]*, at most 64"
                    + " characters), got '" + e.action() + "'; nothing was stored");
        }
        return new AuditEntry(0L, e.time(),
                Check.required("audit actor", e.actor(), ClinicalRecord.MAX_NAME_CHARS), e.action(),
                Check.text("audit target", e.target(), ClinicalRecord.MAX_NAME_CHARS),
                Check.text("audit detail", e.detail(), MAX_DETAIL_CHARS),
                Check.text("audit source address", e.sourceAddress(), MAX_SOURCE_CHARS));
    }

    /** Appends within the caller's transaction (erasure writes its tombstone with the deletion). */
    AuditEntry appendIn(Connection c, AuditEntry e) throws SQLException {
        long lastSeq;
        String lastHash;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("audit_head has no row: the audit trail was tampered with", "55000");
            }
            lastSeq = rs.getLong(1);
            lastHash = rs.getString(2);
        }
        long seq = lastSeq + 1;
        Instant at = Jdbc.micros(e.time() == null ? clock.instant() : e.time());
        AuditEntry stored = new AuditEntry(seq, at, e.actor(), e.action(), e.target(), e.detail(), e.sourceAddress());
        String hash = hash(stored, lastHash);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (seq, at, actor, action, target, detail,"
                + " source_address, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            Jdbc.setInstant(ps, 2, at);
            ps.setString(3, stored.actor());
            ps.setString(4, stored.action());
            ps.setString(5, stored.target());
            ps.setString(6, stored.detail());
            ps.setString(7, stored.sourceAddress());
            ps.setString(8, lastHash);
            ps.setString(9, hash);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, hash);
            ps.executeUpdate();
        }
        return stored;
    }

    /** SHA-256 (hex) over the entry's fields, each length-prefixed so that no two entries share a form. */
    static String hash(AuditEntry e, String previousHash) {
        StringBuilder b = new StringBuilder(256).append("skingpt-audit-v1\n");
        field(b, Long.toString(e.sequence()));
        field(b, Jdbc.micros(e.time()).toString());
        field(b, e.actor());
        field(b, e.action());
        field(b, e.target());
        field(b, e.detail());
        field(b, e.sourceAddress());
        field(b, previousHash);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void field(StringBuilder b, String value) {
        b.append(value.length()).append(':').append(value).append('\n');
    }

    @Override
    public Page<AuditEntry> find(AuditQuery q) {
        Check.notNull("query", q);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.actor() != null) {
            where.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.action() != null) {
            where.append(" AND action = ?");
            args.add(q.action());
        }
        if (q.target() != null) {
            where.append(" AND target = ?");
            args.add(q.target());
        }
        if (q.from() != null) {
            where.append(" AND at >= ?");
            args.add(q.from());
        }
        if (q.to() != null) {
            where.append(" AND at < ?");
            args.add(q.to());
        }
        return db.transaction(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<AuditEntry> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, actor, action, target, detail,"
                    + " source_address FROM audit" + where + " ORDER BY seq DESC LIMIT ? OFFSET ?")) {
                int i = bind(ps, args);
                ps.setInt(i++, q.limit());
                ps.setInt(i, q.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(entry(rs));
                    }
                }
            }
            return new Page<>(items, total, q.offset(), q.limit());
        });
    }

    static int bind(PreparedStatement ps, List<Object> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof Instant t) {
                Jdbc.setInstant(ps, i++, t);
            } else {
                ps.setObject(i++, a);
            }
        }
        return i;
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), Jdbc.getInstant(rs, "at"), rs.getString("actor"),
                rs.getString("action"), rs.getString("target"), rs.getString("detail"), rs.getString("source_address"));
    }

    @Override
    public AuditVerification verify() {
        return db.transaction(c -> {
            long checked = 0;
            long expectedSeq = 1;
            String previous = "";
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, actor, action, target, detail,"
                    + " source_address, prev_hash, hash FROM audit ORDER BY seq")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AuditEntry e = entry(rs);
                        checked++;
                        long seq = e.sequence();
                        if (seq != expectedSeq) {
                            return broken(checked, seq, seq == expectedSeq + 1
                                    ? "entry " + expectedSeq + " is missing (deleted) before entry " + seq
                                    : "entries " + expectedSeq + " to " + (seq - 1) + " are missing (deleted) before"
                                            + " entry " + seq);
                        }
                        if (!previous.equals(rs.getString("prev_hash"))) {
                            return broken(checked, seq, "entry " + seq + " does not follow the entry before it"
                                    + " (the previous hash it recorded differs): an entry before it was deleted or replaced");
                        }
                        String stored = rs.getString("hash");
                        if (!hash(e, previous).equals(stored)) {
                            return broken(checked, seq, "entry " + seq + " was changed after it was written (its"
                                    + " content no longer matches its hash)");
                        }
                        previous = stored;
                        expectedSeq = seq + 1;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return broken(checked, expectedSeq, "the audit trail's head row is missing (deleted)");
                }
                long lastSeq = rs.getLong(1);
                if (lastSeq != expectedSeq - 1) {
                    return broken(checked, expectedSeq, lastSeq > expectedSeq - 1
                            ? "the trail ends at entry " + (expectedSeq - 1) + " but " + lastSeq + " entries were"
                                    + " written: entries " + expectedSeq + " to " + lastSeq + " are missing (deleted)"
                            : "the trail's head says " + lastSeq + " entries were written, but it holds "
                                    + (expectedSeq - 1) + ": the head was changed");
                }
                if (!previous.equals(rs.getString(2))) {
                    return broken(checked, expectedSeq - 1, "entry " + (expectedSeq - 1) + " is not the entry last"
                            + " written (its hash differs from the one recorded in the head): it was replaced");
                }
            }
            return new AuditVerification(true, checked, null, "", previous);
        });
    }

    private static AuditVerification broken(long checked, long at, String problem) {
        return new AuditVerification(false, checked, at, problem, "");
    }
}
