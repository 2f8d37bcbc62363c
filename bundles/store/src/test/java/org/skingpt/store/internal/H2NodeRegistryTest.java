package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The node registry on embedded H2, which refuses multi-node mode. */
class H2NodeRegistryTest extends NodeRegistryTests {

    @Override
    boolean postgres() {
        return false;
    }

    @Test
    void multiNodeModeOnEmbeddedH2IsRefusedWithAMessage() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore s = start(db, node(db, "node-a", true), List.of());
        assertFalse(ready(s, 2_000));
        String message = s.database().status().message();
        assertTrue(message.contains("multiNode=true") && message.contains("embedded H2")
                && message.contains("jdbc:postgresql://"), message);
    }
}
