package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditQuery;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.AuditVerification;
import org.skingpt.api.record.Page;
import org.skingpt.api.record.RecordWriteException;

/** The hash-chained audit trail on H2 and PostgreSQL. */
abstract class AuditTrailTests extends StoreTestBase {

    /** Ten entries: logins by alice/bob, a model swap, views of consultation c-1. */
    static void fill(AuditTrail audit) {
        for (int i = 1; i <= 10; i++) {
            AuditAction action = i % 5 == 0 ? AuditAction.MODEL_SWAPPED
                    : i % 2 == 0 ? AuditAction.CONSULTATION_VIEWED : AuditAction.LOGIN_SUCCEEDED;
            audit.append(new AuditEntry(0, T0.plusSeconds(i), i % 2 == 0 ? "alice" : "bob", action.name(),
                    action == AuditAction.CONSULTATION_VIEWED ? "c-1" : "", "entry " + i, "10.0.0." + i));
        }
    }

    @Test
    void entriesAreNumberedStampedAndFoundNewestFirst() {
        AuditTrail audit = open(newDatabase()).audit();
        AuditEntry first = audit.append(AuditEntry.of(AuditAction.LOGIN_FAILED, "mallory", "", "bad password", "::1"));
        assertEquals(1, first.sequence());
        assertEquals(clock.instant(), first.time());
        fill(audit);
        Page<AuditEntry> page = audit.find(AuditQuery.latest(3));
        assertEquals(11, page.total());
        assertEquals(List.of(11L, 10L, 9L), page.items().stream().map(AuditEntry::sequence).toList());
        assertEquals(new AuditEntry(11, T0.plusSeconds(10), "alice", "MODEL_SWAPPED", "", "entry 10", "10.0.0.10"),
                page.items().get(0));
        assertEquals(List.of(1L), audit.find(AuditQuery.latest(50).page(10, 50)).items().stream()
                .map(AuditEntry::sequence).toList());
        assertEquals(5, audit.find(AuditQuery.latest(50).withActor("alice")).total());
        assertEquals(4, audit.find(AuditQuery.latest(50).withTarget("c-1")).total());
        assertEquals(2, audit.find(AuditQuery.latest(50).withAction("MODEL_SWAPPED")).total());
        assertEquals(3, audit.find(AuditQuery.latest(50).between(T0.plusSeconds(2), T0.plusSeconds(5))).total());
        assertEquals(1, audit.find(AuditQuery.latest(50).withActor("mallory")).total());
    }

    @Test
    void anIntactTrailVerifiesAndReturnsItsLastHash() throws Exception {
        TestDatabase db = newDatabase();
        AuditTrail audit = open(db).audit();
        AuditVerification empty = audit.verify();
        assertTrue(empty.intact());
        assertEquals(0, empty.entriesChecked());
        fill(audit);
        AuditVerification v = audit.verify();
        assertTrue(v.intact(), v.problem());
        assertEquals(10, v.entriesChecked());
        assertNull(v.brokenAt());
        try (Connection c = db.connect(); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT hash FROM audit WHERE seq = 10")) {
            rs.next();
            assertEquals(rs.getString(1), v.lastHash());
        }
    }

    @Test
    void anEditedEntryIsNamed() throws Exception {
        TestDatabase db = newDatabase();
        AuditTrail audit = open(db).audit();
        fill(audit);
        tamper(db, "UPDATE audit SET actor = 'eve' WHERE seq = 4");
        AuditVerification v = audit.verify();
        assertFalse(v.intact());
        assertEquals(4L, v.brokenAt());
        assertEquals("entry 4 was changed after it was written (its content no longer matches its hash)", v.problem());
    }

    @Test
    void anEditedTimeIsNamed() throws Exception {
        TestDatabase db = newDatabase();
        AuditTrail audit = open(db).audit();
        fill(audit);
        tamper(db, "UPDATE audit SET at = at + INTERVAL '1' HOUR WHERE seq = 6");
        assertEquals(6L, audit.verify().brokenAt());
    }

    @Test
    void aDeletedEntryIsNamed() throws Exception {
        TestDatabase db = newDatabase();
        AuditTrail audit = open(db).audit();
        fill(audit);
        tamper(db, "DELETE FROM audit WHERE seq = 3");
        AuditVerification v = audit.verify();
        assertFalse(v.intact());
        assertEquals(4L, v.brokenAt());
        assertEquals("entry 3 is missing (deleted) before entry 4", v.problem());
        assertEquals(3, v.entriesChecked());
    }

    @Test
    void aRenumberedGapIsNamed() throws Exception {
        TestDatabase db = newDatabase();
        AuditTrail audit = open(db).audit();
        fill(audit);
        tamper(db, "DELETE FROM audit WHERE seq = 3");
        tamper(db, "UPDATE audit SET seq = seq - 1 WHERE seq > 3");
        AuditVerification v = audit.verify();
        assertEquals(3L, v.brokenAt());
        assertEquals("entry 3 does not follow the entry before it (the previous hash it recorded differs): an entry"
                + " before it was deleted or replaced", v.problem());
    }

    @Test
    void entriesDeletedAtTheEndAreNamed() throws Exception {
        TestDatabase db = newDatabase();
        AuditTrail audit = open(db).audit();
        fill(audit);
        tamper(db, "DELETE FROM audit WHERE seq >= 9");
        AuditVerification v = audit.verify();
        assertFalse(v.intact());
        assertEquals(9L, v.brokenAt());
        assertEquals("the trail ends at entry 8 but 10 entries were written: entries 9 to 10 are missing (deleted)",
                v.problem());
    }

    @Test
    void badEntriesAreRefused() {
        AuditTrail audit = open(newDatabase()).audit();
        RecordWriteException e = assertThrows(RecordWriteException.class,
                () -> audit.append(new AuditEntry(0, null, "alice", "login ok", "", "", "")));
        assertTrue(e.getMessage().startsWith("audit action must be an upper-case name"), e.getMessage());
        e = assertThrows(RecordWriteException.class, () -> audit.append(
                AuditEntry.of(AuditAction.CONFIG_CHANGED, "alice", "", "d".repeat(4001), "")));
        assertEquals("audit detail is 4,001 characters long; the record keeps at most 4,000: nothing was stored",
                e.getMessage());
        e = assertThrows(RecordWriteException.class,
                () -> audit.append(AuditEntry.of(AuditAction.CONFIG_CHANGED, " ", "", "", "")));
        assertEquals("audit actor is missing; nothing was stored", e.getMessage());
        assertEquals(0, audit.find(AuditQuery.latest(10)).total());
    }

    @Test
    void concurrentAppendsKeepOneUnbrokenChain() throws Exception {
        TestDatabase db = newDatabase();
        // On PostgreSQL a second pool, as another server on the same database; embedded H2 serves one server.
        RecordStore first = postgres() ? openNode(db, "node-1") : open(db);
        RecordStore second = postgres() ? openNode(db, "node-2") : first;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                AuditTrail audit = (t % 2 == 0 ? first : second).audit();
                String actor = "user" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        audit.append(AuditEntry.of(AuditAction.CONSULTATION_VIEWED, actor, "c-" + i, "", ""));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        AuditVerification v = first.audit().verify();
        assertTrue(v.intact(), v.problem());
        assertEquals(100, v.entriesChecked());
        assertEquals(LongStream.rangeClosed(1, 100).map(i -> 101 - i).boxed().toList(),
                first.audit().find(AuditQuery.latest(100)).items().stream().map(AuditEntry::sequence).toList());
    }

    static void tamper(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.executeUpdate(sql);
            }
        }
    }
}
