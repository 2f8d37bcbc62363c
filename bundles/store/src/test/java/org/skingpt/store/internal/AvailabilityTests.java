package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.RecordStatus;
import org.skingpt.api.record.RecordUnavailableException;

/** A store whose database is missing at start, or goes away, says why and recovers by itself. */
abstract class AvailabilityTests extends StoreTestBase {

    @Test
    void withoutADriverTheStoreWaitsForOneAndSaysSo() throws Exception {
        TestDatabase db = newDatabase();
        AtomicBoolean driver = new AtomicBoolean(false);
        RecordStore store = new RecordStore(db.settings(), props -> {
            if (!driver.get()) {
                throw new Database.NoDriverException("no JDBC driver for " + db.url() + " yet");
            }
            return db.factory().createDataSource(props);
        }, new Migrator(MigrationTests.bundled(), "test"), clock);
        stores.add(store);
        store.start();
        RecordStatus status = MigrationTests.awaitProblem(store, "no JDBC driver for");
        assertEquals(0, status.schemaVersion());
        RecordUnavailableException e = assertThrows(RecordUnavailableException.class,
                () -> store.audit().append(AuditEntry.of(AuditAction.CONFIG_CHANGED, "a", "", "", "")));
        assertTrue(e.getMessage().startsWith("the clinical record is not available: no JDBC driver for"), e.getMessage());
        driver.set(true);
        store.database().retryNow();
        assertTrue(store.database().awaitReady(10_000));
        assertTrue(store.record().status().available());
    }

    @Test
    void theStatusNeverShowsThePassword() {
        TestDatabase db = newDatabase();
        StoreSettings s = db.settings();
        StoreSettings withPassword = new StoreSettings(s.url() + (postgres() ? "?password=hunter2" : ";PASSWORD=hunter2"),
                s.user(), "hunter2", s.maxPoolSize(), 0, s.connectTimeout(), s.retry(), s.nodeName());
        RecordStore store = new RecordStore(withPassword, props -> {
            throw new SQLException("refused");
        }, new Migrator(MigrationTests.bundled(), "test"), clock);
        stores.add(store);
        store.start();
        RecordStatus status = MigrationTests.awaitProblem(store, "refused");
        assertFalse(status.message().contains("hunter2"), status.message());
        assertFalse(status.location().contains("hunter2"), status.location());
        assertTrue(status.location().contains("***"), status.location());
    }

    @Test
    void aStoppedStoreSaysSo() {
        RecordStore store = open(newDatabase());
        store.close();
        assertEquals("the clinical record is stopped", store.record().status().message());
        RecordUnavailableException e = assertThrows(RecordUnavailableException.class,
                () -> store.record().find(HistoryQuery.latest(1)));
        assertEquals("the clinical record is stopped", e.getMessage());
    }

    static void save(RecordStore store) {
        store.record().saveConsultation(header(newId(), "dr", T0, ""), List.of(image(1)));
    }
}
