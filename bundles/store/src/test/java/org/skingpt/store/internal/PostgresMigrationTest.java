package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Migrations on a real PostgreSQL, including servers starting together. */
class PostgresMigrationTest extends MigrationTests {

    @Override
    boolean postgres() {
        return true;
    }

    @Test
    void serversStartingTogetherMigrateOnce() throws Exception {
        TestDatabase db = newDatabase();
        int servers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RecordStore>> started = new ArrayList<>();
        try {
            for (int i = 0; i < servers; i++) {
                StoreSettings node = db.settings("server-" + i, true);
                started.add(pool.submit(() -> {
                    go.await();
                    return db.openStore(node, clock);
                }));
            }
            go.countDown();
            for (Future<RecordStore> f : started) {
                RecordStore s = f.get(60, TimeUnit.SECONDS);
                stores.add(s);
                assertTrue(s.record().status().available());
                assertEquals(bundled().size(), s.record().status().schemaVersion());
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = db.connect()) {
            assertEquals(bundled().size(), count(c, "SELECT COUNT(*) FROM schema_version"));
            assertEquals(1, count(c, "SELECT COUNT(*) FROM audit_head"));
        }
    }
}
