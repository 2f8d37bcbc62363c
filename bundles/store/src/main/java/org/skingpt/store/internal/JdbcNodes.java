package org.skingpt.store.internal;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.NodeRegistry;
import org.skingpt.api.record.NodeStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node registry in table {@code nodes}: this node's row, written when the store becomes ready, its
 * heartbeat, and the sweep that marks the answers of a lost node as interrupted.
 *
 * <p>Times come from the database ({@code CURRENT_TIMESTAMP}), not from each node's clock, so that nodes
 * on machines whose clocks differ still agree on who is alive.
 */
final class JdbcNodes implements NodeRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcNodes.class);
    static final int MAX_SERVING_CHARS = 20_000;
    /** The schema version that brought the nodes table. */
    static final int SCHEMA = 4;

    /** The store must not start on this database until something changes; the message says what. */
    static final class NodeRefusedException extends Migrator.MigrationRefusedException {
        private static final long serialVersionUID = 1L;

        NodeRefusedException(String message) {
            super(message);
        }
    }

    private final Database db;
    private final JdbcAuditTrail audit;
    /** The record's clock, for answer times (node times come from the database). */
    private final java.time.Clock clock;
    private final StoreSettings settings;
    private final String software;
    private final Supplier<List<String>> serving;
    private final String instanceId = UUID.randomUUID().toString();
    private final String host;
    private volatile boolean registered;
    private volatile boolean takenOverLogged;

    JdbcNodes(Database db, JdbcAuditTrail audit, java.time.Clock clock, StoreSettings settings, String software,
            Supplier<List<String>> serving) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
        this.settings = settings;
        this.software = clip(software, 200);
        this.serving = serving;
        this.host = hostName();
    }

    @Override
    public String thisNode() {
        return settings.nodeName();
    }

    /**
     * Registers this node, in the transaction that makes the store ready (after the migrations). Refuses
     * (the store then retries and reports the message) when the database is embedded H2 in multi-node mode,
     * when another running server uses this node's name, or when the modes of live nodes do not fit.
     */
    void register(Connection c) throws SQLException {
        int schemaVersion = db.schemaVersion();
        if (schemaVersion < SCHEMA) {
            // Only tests migrate part-way; a store bundle always brings the nodes table.
            registered = false;
            return;
        }
        boolean postgres = db.isPostgres();
        registered = false;
        String me = settings.nodeName();
        if (settings.multiNode() && !postgres) {
            throw new NodeRefusedException("multiNode=true, but the record is on embedded H2 (" + settings.location()
                    + "), which one server uses alone. Several servers need a shared PostgreSQL: set"
                    + " url=jdbc:postgresql://host:5432/skingpt in etc/org.skingpt.store.cfg on every node, or"
                    + " multiNode=false for a single server.");
        }
        Instant now = now(c);
        Instant cutoff = now.minus(settings.staleAfter());
        for (Row r : rows(c)) {
            boolean alive = r.stoppedAt == null && r.heartbeatAt.isAfter(cutoff);
            if (!alive) {
                continue;
            }
            long secondsAgo = Duration.between(r.heartbeatAt, now).toSeconds();
            if (r.name.equals(me) && !r.instanceId.equals(instanceId)) {
                throw new NodeRefusedException("another running server uses the node name '" + me + "' (host "
                        + r.host + ", last heartbeat " + secondsAgo + " s ago). Give each server its own nodeName in"
                        + " etc/org.skingpt.store.cfg. If that server has just been stopped or has died, this one"
                        + " starts once its heartbeat is " + settings.staleAfter().toSeconds() + " s old.");
            }
            if (!r.name.equals(me) && !settings.multiNode()) {
                throw new NodeRefusedException("node '" + r.name + "' (host " + r.host + ", heartbeat " + secondsAgo
                        + " s ago) is using this database, and this server is set for one server only. To run"
                        + " several servers on one record, set multiNode=true in etc/org.skingpt.store.cfg on every"
                        + " node; otherwise point this server at its own database.");
            }
            if (!r.name.equals(me) && !r.multiNode) {
                throw new NodeRefusedException("node '" + r.name + "' (host " + r.host + ") is using this database"
                        + " in single-server mode (multiNode=false). Set multiNode=true there too, or stop it.");
            }
        }
        String served = servingText();
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET instance_id = ?, host = ?, software = ?,"
                + " schema_version = ?, multi_node = ?, started_at = ?, heartbeat_at = ?, stopped_at = NULL,"
                + " lost_at = NULL, serving = ? WHERE name = ?")) {
            ps.setString(1, instanceId);
            ps.setString(2, host);
            ps.setString(3, software);
            ps.setInt(4, schemaVersion);
            ps.setBoolean(5, settings.multiNode());
            Jdbc.setInstant(ps, 6, now);
            Jdbc.setInstant(ps, 7, now);
            ps.setString(8, served);
            ps.setString(9, me);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO nodes (name, instance_id, host, software,"
                    + " schema_version, multi_node, started_at, heartbeat_at, serving) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, me);
                ps.setString(2, instanceId);
                ps.setString(3, host);
                ps.setString(4, software);
                ps.setInt(5, schemaVersion);
                ps.setBoolean(6, settings.multiNode());
                Jdbc.setInstant(ps, 7, now);
                Jdbc.setInstant(ps, 8, now);
                ps.setString(9, served);
                ps.executeUpdate();
            }
        }
        registered = true;
        takenOverLogged = false;
    }

    /** Writes this node's heartbeat and what it serves, then sweeps lost nodes. Called on a schedule. */
    void heartbeat() {
        if (!registered || !db.isReady()) {
            return;
        }
        try {
            db.transaction(c -> {
                Instant now = now(c);
                try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET heartbeat_at = ?, serving = ?"
                        + " WHERE name = ? AND instance_id = ?")) {
                    Jdbc.setInstant(ps, 1, now);
                    ps.setString(2, servingText());
                    ps.setString(3, settings.nodeName());
                    ps.setString(4, instanceId);
                    if (ps.executeUpdate() == 0 && !takenOverLogged) {
                        takenOverLogged = true;
                        LOG.error("Node '{}': its row in the record now belongs to another server with the same node"
                                + " name (this one was taken for lost). Give each server its own nodeName in"
                                + " etc/org.skingpt.store.cfg and restart this one.", settings.nodeName());
                    }
                }
                sweep(c, now);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("Heartbeat of node {} not written: {}", settings.nodeName(), e.getMessage());
        }
    }

    /** Marks nodes silent past the limit as lost, once, and their answers in progress as interrupted. */
    private void sweep(Connection c, Instant now) throws SQLException {
        Instant cutoff = now.minus(settings.staleAfter());
        List<String> lost = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM nodes WHERE stopped_at IS NULL AND lost_at"
                + " IS NULL AND heartbeat_at < ? AND name <> ?")) {
            Jdbc.setInstant(ps, 1, cutoff);
            ps.setString(2, settings.nodeName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lost.add(rs.getString(1));
                }
            }
        }
        for (String name : lost) {
            int claimed;
            // Only one of the nodes sweeping at the same time claims the lost node.
            try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET lost_at = ? WHERE name = ? AND lost_at"
                    + " IS NULL AND stopped_at IS NULL AND heartbeat_at < ?")) {
                Jdbc.setInstant(ps, 1, now);
                ps.setString(2, name);
                Jdbc.setInstant(ps, 3, cutoff);
                claimed = ps.executeUpdate();
            }
            if (claimed == 0) {
                continue;
            }
            int interrupted;
            try (PreparedStatement ps = c.prepareStatement("UPDATE answers SET status = 'INTERRUPTED', message = ?,"
                    + " ended_at = ? WHERE status = 'IN_PROGRESS' AND node = ?")) {
                ps.setString(1, "interrupted: node " + name + " stopped sending heartbeats while generating this answer");
                Jdbc.setInstant(ps, 2, clock.instant());
                ps.setString(3, name);
                interrupted = ps.executeUpdate();
            }
            audit.appendIn(c, AuditEntry.of(AuditAction.NODE_LOST, "system", name, "no heartbeat for "
                    + settings.staleAfter().toSeconds() + " s; " + interrupted + " answers in progress marked"
                    + " interrupted by node " + settings.nodeName(), ""));
            LOG.warn("Node {} is lost (no heartbeat for {} s): {} answers it was generating are marked interrupted",
                    name, settings.staleAfter().toSeconds(), interrupted);
        }
    }

    /** Records a clean stop, so that the other nodes do not wait for this one's heartbeat to go stale. */
    void stopped() {
        if (!registered || !db.isReady()) {
            return;
        }
        registered = false;
        try {
            db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET stopped_at = ? WHERE name = ? AND"
                        + " instance_id = ?")) {
                    Jdbc.setInstant(ps, 1, now(c));
                    ps.setString(2, settings.nodeName());
                    ps.setString(3, instanceId);
                    if (ps.executeUpdate() > 0) {
                        try (PreparedStatement answers = c.prepareStatement("UPDATE answers SET status ="
                                + " 'INTERRUPTED', message = ?, ended_at = ? WHERE status = 'IN_PROGRESS' AND node = ?")) {
                            answers.setString(1, JdbcClinicalRecord.INTERRUPTED_MESSAGE);
                            Jdbc.setInstant(answers, 2, clock.instant());
                            answers.setString(3, settings.nodeName());
                            answers.executeUpdate();
                        }
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Node {}: clean stop not recorded: {}", settings.nodeName(), e.getMessage());
        }
    }

    @Override
    public List<NodeStatus> nodes() {
        return db.transaction(c -> {
            Instant now = now(c);
            Instant cutoff = now.minus(settings.staleAfter());
            List<NodeStatus> out = new ArrayList<>();
            for (Row r : rows(c)) {
                boolean alive = r.stoppedAt == null && r.heartbeatAt.isAfter(cutoff);
                out.add(new NodeStatus(r.name, r.host, r.software, r.schemaVersion, r.multiNode, r.startedAt,
                        r.heartbeatAt, r.stoppedAt, alive, r.name.equals(settings.nodeName())
                        && r.instanceId.equals(instanceId), r.serving));
            }
            out.sort(Comparator.comparing((NodeStatus n) -> !n.alive()).thenComparing(NodeStatus::name));
            return out;
        });
    }

    private record Row(String name, String instanceId, String host, String software, int schemaVersion,
            boolean multiNode, Instant startedAt, Instant heartbeatAt, Instant stoppedAt, List<String> serving) {
    }

    private static List<Row> rows(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, instance_id, host, software, schema_version, multi_node,"
                        + " started_at, heartbeat_at, stopped_at, serving FROM nodes ORDER BY name")) {
            while (rs.next()) {
                String serving = rs.getString("serving");
                rows.add(new Row(rs.getString("name"), rs.getString("instance_id"), rs.getString("host"),
                        rs.getString("software"), rs.getInt("schema_version"), rs.getBoolean("multi_node"),
                        Jdbc.getInstant(rs, "started_at"), Jdbc.getInstant(rs, "heartbeat_at"),
                        Jdbc.getInstant(rs, "stopped_at"),
                        serving == null || serving.isEmpty() ? List.of() : List.of(serving.split("\n"))));
            }
        }
        return rows;
    }

    /** The database's clock, shared by every node. */
    private static Instant now(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP")) {
            rs.next();
            return Jdbc.micros(rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
        }
    }

    private String servingText() {
        List<String> list;
        try {
            list = serving.get();
        } catch (RuntimeException e) {
            LOG.debug("What this node serves could not be listed: {}", e.getMessage());
            list = List.of();
        }
        StringBuilder b = new StringBuilder();
        for (String s : list.stream().sorted().toList()) {
            String line = s.replace('\n', ' ');
            if (b.length() + line.length() + 1 > MAX_SERVING_CHARS) {
                break;
            }
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(line);
        }
        return b.toString();
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static String hostName() {
        try {
            return clip(InetAddress.getLocalHost().getHostName(), 200);
        } catch (Exception e) {
            return "unknown";
        }
    }
}
