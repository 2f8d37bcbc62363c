package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The clinical record on a real PostgreSQL, plus what only its files can show. */
class PostgresClinicalRecordTest extends ClinicalRecordTests {

    @Override
    boolean postgres() {
        return true;
    }

    @Test
    void erasedImageBytesAreGoneFromTheTableFilesWhenEraseReturns() throws Exception {
        try (PostgresServer server = PostgresServer.startNew()) {
            TestDatabase db = TestDatabase.postgres(server);
            RecordStore store = open(db);
            String id = newId();
            store.record().saveConsultation(header(id, "dr.li", T0, "MRN-9"), List.of(image(7)));
            Path tables = server.dataDirectory().resolve("base");
            checkpoint(db);
            assertTrue(contains(tables, MARKER), "the image bytes are in the table files once written");
            assertEquals(1, store.record().erase(id, "dpo", "test"));
            checkpoint(db);
            assertFalse(contains(tables, MARKER), "erased image bytes are still in the table files under " + tables);
            String next = newId();
            store.record().saveConsultation(header(next, "dr.li", T0, "MRN-10"), List.of(image(8)));
            assertTrue(store.record().load(next).isPresent());
            assertTrue(store.audit().verify().intact());
        }
    }

    /** Writes what is in PostgreSQL's memory to its files (the test user is the cluster's superuser). */
    private static void checkpoint(TestDatabase db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), PostgresServer.USER, "");
             Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    private static boolean contains(Path dir, byte[] pattern) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (H2ClinicalRecordTest.contains(f, pattern)) {
                    return true;
                }
            }
        }
        return false;
    }
}
