package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.skingpt.api.record.AnswerKind;
import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditQuery;
import org.skingpt.api.record.NodeStatus;

/**
 * The node registry: each store registers its node, sends heartbeats with what it serves, refuses a second
 * live server with its name (or any second server in single-node mode), and marks the answers of a node that
 * went silent as interrupted. Runs on H2 and PostgreSQL; several nodes at once only on PostgreSQL.
 */
abstract class NodeRegistryTests extends StoreTestBase {

    StoreSettings node(TestDatabase db, String name, boolean multiNode) {
        StoreSettings s = db.settings();
        return new StoreSettings(s.url(), s.user(), s.password(), s.maxPoolSize(), 0, s.connectTimeout(),
                Duration.ofMillis(200), name, multiNode, Duration.ofSeconds(1));
    }

    /** A store started on these settings, not waited for. */
    RecordStore start(TestDatabase db, StoreSettings settings, List<String> serving) {
        RecordStore s = new RecordStore(settings, db.factory()::createDataSource,
                new Migrator(Migrator.load(RecordStore.class.getClassLoader()), settings.nodeName() + " (test)"),
                clock, "org.skingpt.store 9.9.9.test", () -> serving);
        stores.add(s);
        s.start();
        return s;
    }

    static boolean ready(RecordStore s, long millis) throws InterruptedException {
        return s.database().awaitReady(millis);
    }

    @Test
    void aStoreRegistersItsNodeWithWhatItServesAndRecordsACleanStop() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore s = start(db, node(db, "node-a", false), List.of("locale en org.skingpt.locale.en 0.2.0",
                "language-model skingpt-demo-llm@1.1.0 active"));
        assertTrue(ready(s, 30_000), s.database().status().message());
        List<NodeStatus> nodes = s.nodes().nodes();
        assertEquals(1, nodes.size(), nodes.toString());
        NodeStatus a = nodes.get(0);
        assertEquals("node-a", a.name());
        assertEquals("node-a", s.nodes().thisNode());
        assertTrue(a.alive() && a.self(), a.toString());
        assertFalse(a.multiNode());
        assertEquals(s.database().schemaVersion(), a.schemaVersion());
        assertEquals("org.skingpt.store 9.9.9.test", a.software());
        assertEquals(List.of("language-model skingpt-demo-llm@1.1.0 active", "locale en org.skingpt.locale.en 0.2.0"),
                a.serving());

        s.close();
        try (Connection c = db.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT stopped_at FROM nodes WHERE name = 'node-a'")) {
            assertTrue(rs.next());
            assertNotNull(rs.getObject(1), "a clean stop is recorded");
        }
        RecordStore again = start(db, node(db, "node-a", false), List.of());
        assertTrue(ready(again, 30_000), again.database().status().message());
        assertTrue(again.nodes().nodes().get(0).alive());
    }

    @Test
    void aSecondRunningServerWithTheSameNodeNameIsRefusedWithAMessage() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore first = start(db, node(db, "node-a", false), List.of());
        assertTrue(ready(first, 30_000), first.database().status().message());
        RecordStore second = start(db, node(db, "node-a", false), List.of());
        assertFalse(ready(second, 2_000));
        String message = second.database().status().message();
        assertTrue(message.contains("another running server uses the node name 'node-a'")
                && message.contains("nodeName"), message);
        // The first one keeps serving.
        assertTrue(first.record().status().available());
    }

    @Test
    void singleNodeModeRefusesASecondLiveNode() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore first = start(db, node(db, "node-a", false), List.of());
        assertTrue(ready(first, 30_000), first.database().status().message());
        RecordStore second = start(db, node(db, "node-b", false), List.of());
        assertFalse(ready(second, 2_000));
        String message = second.database().status().message();
        assertTrue(message.contains("node 'node-a'") && message.contains("set for one server only")
                && message.contains("multiNode=true"), message);
        if (postgres()) {
            // A multi-node server beside a single-node one is refused too: that one would not expect it.
            RecordStore third = start(db, node(db, "node-c", true), List.of());
            assertFalse(ready(third, 2_000));
            String m = third.database().status().message();
            assertTrue(m.contains("node 'node-a'") && m.contains("single-server mode"), m);
        }
    }

    @Test
    void theAnswersOfALostNodeAreMarkedInterruptedByASurvivorOnce() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore s = start(db, node(db, "node-a", false), List.of());
        assertTrue(ready(s, 30_000), s.database().status().message());
        String id = newId();
        s.record().saveConsultation(header(id, "dr.li", T0, "p-1"), List.of(image(1)));
        // A node that died an hour ago in the middle of an answer (written behind the store's back).
        try (Connection c = db.connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO nodes (name, instance_id, host, software,"
                    + " schema_version, multi_node, started_at, heartbeat_at, serving) VALUES ('ghost', 'x', 'h',"
                    + " 'old', 4, TRUE, ?, ?, '')")) {
                Instant old = Instant.now().minus(Duration.ofHours(1));
                ps.setObject(1, java.time.OffsetDateTime.ofInstant(old, java.time.ZoneOffset.UTC));
                ps.setObject(2, java.time.OffsetDateTime.ofInstant(old, java.time.ZoneOffset.UTC));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO answers (consultation_id, idx, kind, question,"
                    + " answer_text, status, message, node, started_at) VALUES (?, 0, 'STANDARD', 'q', '',"
                    + " 'IN_PROGRESS', '', 'ghost', ?)")) {
                ps.setString(1, id);
                ps.setObject(2, java.time.OffsetDateTime.ofInstant(T0, java.time.ZoneOffset.UTC));
                ps.executeUpdate();
            }
        }
        Map<String, NodeStatus> before = s.nodes().nodes().stream()
                .collect(Collectors.toMap(NodeStatus::name, n -> n));
        assertFalse(before.get("ghost").alive());
        assertTrue(before.get("node-a").alive());

        s.jdbcNodes().heartbeat();
        s.jdbcNodes().heartbeat();
        assertEquals("INTERRUPTED", s.record().load(id).orElseThrow().answers().get(0).status().name());
        List<AuditEntry> lost = s.audit().find(AuditQuery.latest(10).withAction(AuditAction.NODE_LOST.name())).items();
        assertEquals(1, lost.size(), "one NODE_LOST entry however many heartbeats: " + lost);
        assertEquals("ghost", lost.get(0).target());
        assertTrue(lost.get(0).detail().contains("1 answers in progress"), lost.get(0).detail());
    }
}
