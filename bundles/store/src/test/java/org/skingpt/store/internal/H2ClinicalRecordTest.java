package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.record.AnswerKind;
import org.skingpt.api.record.AnswerStatus;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.StoredConsultation;

/** The clinical record on embedded H2, plus what only a file database can show. */
class H2ClinicalRecordTest extends ClinicalRecordTests {

    @Override
    boolean postgres() {
        return false;
    }

    @Test
    void aKillMinusNineLosesNothingCommittedAndLeavesNothingHalfStoredAsComplete() throws Exception {
        Path dir = tmp.resolve("live");
        TestDatabase db = TestDatabase.h2(dir);
        RecordStore store = open(db);
        ClinicalRecord record = store.record();
        String id = newId();
        record.saveConsultation(header(id, "dr.li", T0, ""), List.of(image(1)));
        record.beginAnswer(id, 0, AnswerKind.STANDARD, "Describe the lesion.", T0);
        record.completeAnswer(id, 0, "A pigmented lesion.", StopReason.END_OF_SEQUENCE, provenance(1), T0);
        record.beginAnswer(id, 1, AnswerKind.STANDARD, "Other features?", T0);

        // The file as a kill -9 would leave it now: copied while the database is open, never closed.
        Path crashed = tmp.resolve("crashed");
        Files.createDirectories(crashed);
        Files.copy(dir.resolve("record.mv.db"), crashed.resolve("record.mv.db"));

        RecordStore after = open(TestDatabase.h2(crashed));
        StoredConsultation s = after.record().load(id).orElseThrow();
        assertEquals(AnswerStatus.COMPLETE, s.answers().get(0).status());
        assertEquals("A pigmented lesion.", s.answers().get(0).text());
        assertEquals(AnswerStatus.INTERRUPTED, s.answers().get(1).status());
        assertEquals(1, s.images().size());
    }

    @Test
    void erasedImageBytesAreGoneFromTheFileWhenEraseReturnsAndTheRecordGoesOn() throws Exception {
        Path dir = tmp.resolve("erase");
        TestDatabase db = TestDatabase.h2(dir);
        Path file = dir.resolve("record.mv.db");
        RecordStore store = open(db);
        String id = newId();
        store.record().saveConsultation(header(id, "dr.li", T0, "MRN-9"), List.of(image(7)));
        assertTrue(contains(file, MARKER), "the image bytes are in the file once committed");
        assertEquals(1, store.record().erase(id, "dpo", "test"));
        // Erase rewrote the file: the bytes are gone while the server runs, not only after a restart.
        assertFalse(contains(file, MARKER), "erased image bytes are still in " + file);
        assertFalse(contains(file, "MRN-9".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                "erased patient reference is still in " + file);
        // The pool reconnected to the rewritten file: the record goes on.
        String next = newId();
        store.record().saveConsultation(header(next, "dr.li", T0, "MRN-10"), List.of(image(8)));
        assertTrue(store.record().load(next).isPresent());
        assertTrue(store.record().load(id).isEmpty());
        assertTrue(store.audit().verify().intact());
    }

    static boolean contains(Path file, byte[] pattern) throws IOException {
        byte[] data = Files.readAllBytes(file);
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
