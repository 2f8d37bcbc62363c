package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.RecordStatus;
import org.skingpt.api.record.RecordUnavailableException;

/** Availability on a real PostgreSQL server of the test's own, stopped and started. */
class PostgresAvailabilityTest extends AvailabilityTests {

    @Override
    boolean postgres() {
        return true;
    }

    @Test
    void aServerDownAtStartIsReportedAndTheStoreConnectsWhenItComesUp() {
        try (PostgresServer server = PostgresServer.startNew()) {
            TestDatabase db = TestDatabase.postgresUrl(server.createDatabase());
            server.stop();
            RecordStore store = new RecordStore(db.settings(), db.factory()::createDataSource,
                    new Migrator(MigrationTests.bundled(), "test"), clock);
            stores.add(store);
            store.start();
            RecordStatus status = MigrationTests.awaitProblem(store, "database unreachable at " + db.url() + ": ");
            assertTrue(status.message().contains("Connection refused"), status.message());
            RecordUnavailableException e = assertThrows(RecordUnavailableException.class, () -> save(store));
            assertEquals("the clinical record is not available: " + status.message(), e.getMessage());

            server.start();
            MigrationTests.awaitAvailable(store, 20_000);
            save(store);
            assertEquals(1, store.record().find(HistoryQuery.latest(1)).total());
            store.close();
        }
    }

    @Test
    void aServerThatGoesAwayIsReportedAndUsedAgainWhenItIsBack() {
        try (PostgresServer server = PostgresServer.startNew()) {
            TestDatabase db = TestDatabase.postgresUrl(server.createDatabase());
            RecordStore store = open(db);
            save(store);

            server.stop();
            RecordUnavailableException e = assertThrows(RecordUnavailableException.class, () -> save(store));
            assertTrue(e.getMessage().startsWith("database unreachable at " + db.url() + ": "), e.getMessage());
            RecordStatus down = store.record().status();
            assertFalse(down.available());
            assertTrue(down.message().startsWith("database unreachable at " + db.url() + ": "), down.message());
            assertEquals("PostgreSQL", down.database());

            server.start();
            MigrationTests.awaitAvailable(store, 20_000);
            save(store);
            assertEquals(2, store.record().find(HistoryQuery.latest(1)).total());
            store.close();
        }
    }

    @Test
    void aMissingDatabaseIsNamed() {
        PostgresServer server = PostgresServer.shared();
        TestDatabase db = TestDatabase.postgresUrl(server.url("no_such_db"));
        RecordStore store = new RecordStore(db.settings(), db.factory()::createDataSource,
                new Migrator(MigrationTests.bundled(), "test"), clock);
        stores.add(store);
        store.start();
        RecordStatus status = MigrationTests.awaitProblem(store, "\"no_such_db\" does not exist");
        assertTrue(status.message().startsWith("database unreachable at " + db.url() + ": "), status.message());
    }
}
