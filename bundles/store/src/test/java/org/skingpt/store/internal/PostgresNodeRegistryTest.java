package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.skingpt.api.record.NodeStatus;

/** The node registry on a real PostgreSQL: several nodes share one record and see each other. */
class PostgresNodeRegistryTest extends NodeRegistryTests {

    @Override
    boolean postgres() {
        return true;
    }

    @Test
    void nodesInMultiNodeModeShareTheRecordAndSeeEachOthersVersions() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore a = start(db, node(db, "node-a", true), List.of("language-model demo@1.0.0 active"));
        RecordStore b = start(db, node(db, "node-b", true), List.of("language-model demo@1.1.0 active"));
        assertTrue(ready(a, 30_000), a.database().status().message());
        assertTrue(ready(b, 30_000), b.database().status().message());
        List<NodeStatus> fromA = a.nodes().nodes();
        List<NodeStatus> fromB = b.nodes().nodes();
        assertEquals(List.of("node-a", "node-b"), fromA.stream().map(NodeStatus::name).toList());
        assertTrue(fromA.stream().allMatch(NodeStatus::alive), fromA.toString());
        assertTrue(fromA.get(0).self() && !fromA.get(1).self());
        assertTrue(!fromB.get(0).self() && fromB.get(1).self());
        assertEquals(List.of("language-model demo@1.1.0 active"), fromA.get(1).serving());

        // A single-node server is refused beside them.
        RecordStore c = start(db, node(db, "node-c", false), List.of());
        assertFalse(ready(c, 2_000));
        String message = c.database().status().message();
        assertTrue(message.contains("set multiNode=true"), message);
        // A node that stops cleanly is no longer alive, at once.
        b.close();
        NodeStatus gone = a.nodes().nodes().stream().filter(n -> n.name().equals("node-b")).findFirst().orElseThrow();
        assertFalse(gone.alive());
        assertTrue(gone.stoppedAt() != null);
    }
}
