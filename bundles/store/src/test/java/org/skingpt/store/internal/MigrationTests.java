package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.RecordStatus;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.api.record.StoredAnswer;

/** The migration runner on H2 and PostgreSQL. */
abstract class MigrationTests extends StoreTestBase {

    static List<Migrator.Migration> bundled() {
        return Migrator.load(MigrationTests.class.getClassLoader());
    }

    static Migrator.Migration migration(int version, String name, String sql) {
        return new Migrator.Migration(version, name.replace('_', ' '), String.format("V%03d__%s.sql", version, name),
                sql, Migrator.sha256(sql));
    }

    @Test
    void aFreshDatabaseGetsEveryTableAndOneSchemaVersionRow() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore store = open(db);
        RecordStatus status = store.record().status();
        assertTrue(status.available(), status.message());
        assertEquals(bundled().size(), status.schemaVersion());
        assertEquals(postgres() ? "PostgreSQL" : "H2", status.database());
        try (Connection c = db.connect()) {
            for (String table : List.of("consultations", "images", "answers", "findings", "reports_rendered", "audit",
                    "audit_head", "lookup_values")) {
                count(c, "SELECT COUNT(*) FROM " + table);
            }
            assertEquals(1, count(c, "SELECT COUNT(*) FROM audit_head"));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT version, description, sha256, applied_at, applied_by FROM schema_version ORDER BY version")) {
                for (Migrator.Migration m : bundled()) {
                    assertTrue(rs.next());
                    assertEquals(m.version(), rs.getInt(1));
                    assertEquals(m.description(), rs.getString(2));
                    assertEquals(m.sha256(), rs.getString(3));
                    assertEquals("test-node (test)", rs.getString(5));
                }
                assertFalse(rs.next());
            }
            assertEquals("init", bundled().get(0).description());
        }
    }

    @Test
    void runningAgainChangesNothingAndKeepsTheData() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore first = open(db);
        first.record().saveConsultation(header(newId(), "dr", T0, ""), List.of(image(1)));
        first.close();
        // The statements themselves are idempotent too (H2 commits DDL one statement at a time).
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (Migrator.Migration m : bundled()) {
                for (String sql : Migrator.statements(m.sql())) {
                    s.execute(sql);
                }
            }
            assertEquals(1, count(c, "SELECT COUNT(*) FROM audit_head"));
            assertEquals(2, count(c, "SELECT COUNT(*) FROM lookup_values"));
        }
        RecordStore second = open(db);
        assertEquals(1, second.record().find(HistoryQuery.latest(10)).total());
        try (Connection c = db.connect()) {
            assertEquals(bundled().size(), count(c, "SELECT COUNT(*) FROM schema_version"));
        }
    }

    @Test
    void aChangedAppliedMigrationIsRefusedNamingTheFile() {
        TestDatabase db = newDatabase();
        open(db).close();
        List<Migrator.Migration> changed = new ArrayList<>(bundled());
        Migrator.Migration v1 = changed.get(0);
        changed.set(0, migration(1, "init", v1.sql() + "\n-- an innocent-looking edit\n"));
        RecordStore store = startWithoutWaiting(db, changed);
        RecordStatus status = awaitProblem(store, "was changed after it was applied");
        assertFalse(status.available());
        assertTrue(status.message().startsWith("migration db/migration/V001__init.sql (version 1) was changed after it"
                + " was applied to this database: its SHA-256 is now " + changed.get(0).sha256()
                + ", the database recorded " + v1.sha256()), status.message());
        RecordUnavailableException e = assertThrows(RecordUnavailableException.class,
                () -> store.record().find(HistoryQuery.latest(1)));
        assertTrue(e.getMessage().contains("V001__init.sql"), e.getMessage());
    }

    @Test
    void aDatabaseWithANewerSchemaIsRefused() throws Exception {
        TestDatabase db = newDatabase();
        open(db).close();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version (version, description, sha256, applied_at, applied_by)"
                    + " VALUES (" + (bundled().size() + 1) + ", 'accounts', '" + "0".repeat(64) + "', CURRENT_TIMESTAMP, 'node9 (org.skingpt.store 0.2.0)')");
        }
        RecordStore store = startWithoutWaiting(db, bundled());
        RecordStatus status = awaitProblem(store, "newer than this SkinGPT store bundle knows");
        int newer = bundled().size() + 1;
        assertTrue(status.message().startsWith("the database schema is at version " + newer + " (\"accounts\", applied "),
                status.message());
        assertTrue(status.message().contains("by node9 (org.skingpt.store 0.2.0)"), status.message());
        assertTrue(status.message().contains("(version " + bundled().size() + ")"), status.message());
    }

    @Test
    void laterMigrationsApplyInOrderAndAFailingOneStopsTheStoreWithTheStatementNamed() throws Exception {
        TestDatabase db = newDatabase();
        open(db).close();
        int n = bundled().size();
        List<Migrator.Migration> two = new ArrayList<>(bundled());
        two.add(migration(n + 1, "node_heartbeats", "CREATE TABLE IF NOT EXISTS node_heartbeats (\n"
                + "  node VARCHAR(200) NOT NULL PRIMARY KEY,\n  seen_at TIMESTAMP WITH TIME ZONE NOT NULL\n);\n"
                + "CREATE INDEX IF NOT EXISTS node_heartbeats_seen ON node_heartbeats (seen_at);\n"));
        RecordStore store = db.openStore(db.settings(), two, clock);
        stores.add(store);
        assertEquals(n + 1, store.record().status().schemaVersion());
        store.close();

        List<Migrator.Migration> broken = new ArrayList<>(two);
        broken.add(migration(n + 2, "broken", "CREATE TABLE IF NOT EXISTS ok3 (id INTEGER);\nCREATE TABLE nonsense (;\n"));
        RecordStore failing = startWithoutWaiting(db, broken);
        RecordStatus status = awaitProblem(failing, "failed at statement");
        assertTrue(status.message().startsWith("migration db/migration/" + broken.get(n + 1).file()
                + " failed at statement 2 of 2: "), status.message());
        failing.close();
        try (Connection c = db.connect()) {
            assertEquals(n + 1, count(c, "SELECT MAX(version) FROM schema_version"));
        }
        // Fixed, it applies (on H2 the first statement already ran: IF NOT EXISTS makes that harmless).
        broken.set(n + 1, migration(n + 2, "broken", "CREATE TABLE IF NOT EXISTS ok3 (id INTEGER);\n"));
        RecordStore fixed = db.openStore(db.settings(), broken, clock);
        stores.add(fixed);
        assertEquals(n + 2, fixed.record().status().schemaVersion());
    }

    @Test
    void upgradingFromVersion1FillsTheHistoryLookupFromTheConsultations() throws Exception {
        TestDatabase db = newDatabase();
        db.openStore(db.settings(), bundled().subList(0, 1), clock).close();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO consultations (id, clinician, started_at, locale_requested, locale_served,"
                    + " clinical_context, image_encoder, language_model, image_count, status, diagnosis, condition_code)"
                    + " VALUES ('v1-a', 'dr', CURRENT_TIMESTAMP, 'en', 'en', '', 'vit@1', 'llama@1', 0, 'OPEN',"
                    + " 'Malignant melanoma', 'melanoma'),"
                    + " ('v1-b', 'dr', CURRENT_TIMESTAMP, 'en', 'en', '', 'vit@1', 'llama@2', 0, 'OPEN', NULL, NULL)");
        }
        RecordStore store = open(db);
        assertEquals(List.of("v1-a"), ClinicalRecordTests.ids(store.record().find(HistoryQuery.latest(10)
                .withDiagnosis("MELANOMA"))));
        assertEquals(List.of("v1-a"), ClinicalRecordTests.ids(store.record().find(HistoryQuery.latest(10)
                .withDiagnosis("melanoma"))));
        assertEquals(2, store.record().find(HistoryQuery.latest(10).withModel("llama")).total());
        assertEquals(2, store.record().find(HistoryQuery.latest(10).withModel("vit")).total());
    }

    @Test
    void upgradingFromVersion6KeepsStoredAnswersWithTheirDecodeBatchNotKnown() throws Exception {
        TestDatabase db = newDatabase();
        db.openStore(db.settings(), bundled().subList(0, 6), clock).close();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO consultations (id, clinician, started_at, locale_requested, locale_served,"
                    + " clinical_context, image_encoder, language_model, image_count, status)"
                    + " VALUES ('v6-a', 'dr', CURRENT_TIMESTAMP, 'en', 'en', '', 'vit@1', 'llama@1', 0, 'CLOSED')");
            s.execute("INSERT INTO answers (consultation_id, idx, kind, question, answer_text, status, stop_reason,"
                    + " message, node, started_at, ended_at, image_encoder, image_encoder_sha256, language_model,"
                    + " language_model_sha256, locale_bundle, report_bundles, seed, settings, synthetic_model)"
                    + " VALUES ('v6-a', 0, 'STANDARD', 'Describe it', 'A red plaque.', 'COMPLETE', 'STOP_STRING', '',"
                    + " 'test-node', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'vit@1', '', 'llama@1', '', 'en@1', '', 7,"
                    + " '', FALSE)");
        }
        RecordStore store = open(db);
        assertEquals(bundled().size(), store.record().status().schemaVersion());
        StoredAnswer a = store.record().load("v6-a").orElseThrow().answers().get(0);
        assertEquals("A red plaque.", a.text());
        assertEquals("llama@1", a.provenance().languageModel());
        assertEquals(7L, a.provenance().seed());
        assertEquals(0, a.provenance().decodeBatch(), "stored before the decode batch was kept: not known");
    }

    @Test
    void statementsAreSplitAtLineEndSemicolonsWithoutComments() {
        assertEquals(List.of("CREATE TABLE a (\nx INTEGER)", "INSERT INTO a VALUES (1)", "SELECT 1"),
                Migrator.statements("-- comment;\nCREATE TABLE a (\n  x INTEGER);\n\n  -- another\n"
                        + "INSERT INTO a VALUES (1);\nSELECT 1"));
    }

    RecordStore startWithoutWaiting(TestDatabase db, List<Migrator.Migration> migrations) {
        RecordStore s = new RecordStore(db.settings(), db.factory()::createDataSource,
                new Migrator(migrations, "test"), clock);
        stores.add(s);
        s.start();
        return s;
    }

    static RecordStatus awaitProblem(RecordStore store, String part) {
        long deadline = System.currentTimeMillis() + 20_000;
        RecordStatus status = store.record().status();
        while (!status.message().contains(part) && System.currentTimeMillis() < deadline) {
            sleep(50);
            status = store.record().status();
        }
        assertTrue(status.message().contains(part), status.message());
        assertFalse(status.available());
        return status;
    }

    static RecordStatus awaitAvailable(RecordStore store, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        RecordStatus status = store.record().status();
        while (!status.available() && System.currentTimeMillis() < deadline) {
            sleep(100);
            status = store.record().status();
        }
        assertTrue(status.available(), status.message());
        return status;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Instant now() {
        return Instant.now();
    }
}
