package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.record.AnswerKind;
import org.skingpt.api.record.AnswerStatus;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditQuery;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.ConsultationHeader;
import org.skingpt.api.record.ConsultationProgress;
import org.skingpt.api.record.ConsultationStatus;
import org.skingpt.api.record.ConsultationSummary;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.Page;
import org.skingpt.api.record.RecordWriteException;
import org.skingpt.api.record.RecordedProvenance;
import org.skingpt.api.record.RenderedReport;
import org.skingpt.api.record.StoredAnswer;
import org.skingpt.api.record.StoredConsultation;

/** The clinical record's behaviour; runs on H2 and PostgreSQL. */
abstract class ClinicalRecordTests extends StoreTestBase {

    static final String ENC_SHA = "a".repeat(64);
    static final String LLM_SHA = "b".repeat(64);

    static RecordedProvenance provenance(long seed) {
        Provenance p = new Provenance("skingpt4-vit@1.0.0", ENC_SHA, "skingpt4-llama@2.1.0", LLM_SHA, "zh-CN@1.3.0",
                GenerationSettings.skinGpt4Defaults(seed), false, T0);
        return RecordedProvenance.of(p, Map.of("fhir-r4", "1.0.2", "patient-pdf", "1.1.0"));
    }

    @Test
    void consultationImagesAnswersFindingsAndReportsRoundTrip() {
        ClinicalRecord record = open(newDatabase()).record();
        String id = newId();
        ConsultationHeader h = header(id, "dr.li", T0, "MRN-1");
        record.saveConsultation(h, List.of(image(1), image(2)));
        String[] questions = {"Describe the lesion.", "Other features?", "Causes?", "Treatment?"};
        for (int i = 0; i < 4; i++) {
            record.beginAnswer(id, i, AnswerKind.STANDARD, questions[i], T0.plusSeconds(10 * i));
            record.completeAnswer(id, i, "answer " + i + " 中文 ✓", StopReason.STOP_STRING, provenance(42 + i),
                    T0.plusSeconds(10 * i + 5));
        }
        record.beginAnswer(id, 4, AnswerKind.FOLLOW_UP, "Is it contagious?", T0.plusSeconds(60));
        record.failAnswer(id, 4, AnswerStatus.CANCELLED, "It is n", "stopped by the clinician", T0.plusSeconds(61));
        record.beginAnswer(id, 5, AnswerKind.FOLLOW_UP, "And now?", T0.plusSeconds(70));
        record.failAnswer(id, 5, AnswerStatus.ERROR, null, "context full", T0.plusSeconds(71));
        Findings f = new Findings("desc", "more", "Melanoma", "melanoma", List.of("naevus", "line\nbreak = x"),
                "causes", "treatment", true, "Refer urgently", "Not a diagnosis");
        record.recordFindings(id, f);
        RenderedReport pdf = new RenderedReport("patient-pdf", "1.1.0", "c".repeat(64), "dr.li", T0.plusSeconds(90));
        record.recordReport(id, pdf);
        record.closeConsultation(id, T0.plusSeconds(100));

        StoredConsultation s = record.load(id).orElseThrow();
        assertEquals(h, s.header());
        assertEquals(ConsultationStatus.CLOSED, s.status());
        assertEquals(T0.plusSeconds(100), s.closedAt());
        assertEquals(2, s.images().size());
        ConsultationImage img = s.images().get(1);
        assertArrayEquals(image(2).png(), img.png());
        assertEquals(image(2).sha256(), img.sha256());
        assertEquals(64, img.width());
        assertEquals(48, img.height());
        assertEquals(6, s.answers().size());
        StoredAnswer a2 = s.answers().get(2);
        assertEquals(new StoredAnswer(2, AnswerKind.STANDARD, "Causes?", "answer 2 中文 ✓", AnswerStatus.COMPLETE,
                StopReason.STOP_STRING, provenance(44), "", T0.plusSeconds(20), T0.plusSeconds(25)), a2);
        assertEquals("{\"maxNewTokens\":300,\"temperature\":1.0,\"topK\":0,\"topP\":0.9,\"repetitionPenalty\":1.0,"
                + "\"seed\":44,\"stopStrings\":[\"###\"]}", a2.provenance().settings());
        assertEquals(List.of("fhir-r4", "patient-pdf"), List.copyOf(a2.provenance().reportBundles().keySet()));
        StoredAnswer cancelled = s.answers().get(4);
        assertEquals(AnswerStatus.CANCELLED, cancelled.status());
        assertEquals(StopReason.CANCELLED, cancelled.stopReason());
        assertEquals("It is n", cancelled.text());
        assertNull(cancelled.provenance());
        StoredAnswer error = s.answers().get(5);
        assertEquals(AnswerStatus.ERROR, error.status());
        assertEquals("context full", error.message());
        assertEquals("", error.text());
        assertEquals(f, s.findings());
        assertEquals(List.of(pdf), s.reports());
        assertTrue(record.load("no-such-id").isEmpty());
    }

    static RecordedProvenance provenance(long seed, int decodeBatch) {
        Provenance p = new Provenance("skingpt4-vit@1.0.0", ENC_SHA, "skingpt4-llama@2.1.0", LLM_SHA, "zh-CN@1.3.0",
                GenerationSettings.skinGpt4Defaults(seed), false, T0, decodeBatch);
        return RecordedProvenance.of(p, Map.of("fhir-r4", "1.0.2"));
    }

    @Test
    void theDecodeBatchOfEachAnswerRoundTripsAndOldStyleProvenanceReadsBackAsNotKnown() {
        ClinicalRecord record = open(newDatabase()).record();
        String id = newId();
        record.saveConsultation(header(id, "dr.li", T0, "MRN-1"), List.of(image(1)));
        record.beginAnswer(id, 0, AnswerKind.STANDARD, "Describe the lesion.", T0.plusSeconds(1));
        record.completeAnswer(id, 0, "batched", StopReason.STOP_STRING, provenance(42, 3), T0.plusSeconds(2));
        record.beginAnswer(id, 1, AnswerKind.STANDARD, "Other features?", T0.plusSeconds(3));
        record.completeAnswer(id, 1, "alone", StopReason.STOP_STRING, provenance(43, 1), T0.plusSeconds(4));
        // A consumer built against the record API before 1.5 writes provenance without a decode batch.
        RecordedProvenance old = new RecordedProvenance("skingpt4-vit@1.0.0", ENC_SHA, "skingpt4-llama@2.1.0", LLM_SHA,
                "zh-CN@1.3.0", Map.of(), 44L, "", false);
        record.beginAnswer(id, 2, AnswerKind.STANDARD, "Causes?", T0.plusSeconds(5));
        record.completeAnswer(id, 2, "old style", StopReason.STOP_STRING, old, T0.plusSeconds(6));
        record.beginAnswer(id, 3, AnswerKind.STANDARD, "Treatment?", T0.plusSeconds(7));
        RecordWriteException refused = assertThrows(RecordWriteException.class, () -> record.completeAnswer(id, 3, "x",
                StopReason.STOP_STRING, provenance(45, -1), T0.plusSeconds(8)));
        assertTrue(refused.getMessage().contains("decodeBatch"), refused.getMessage());

        StoredConsultation s = record.load(id).orElseThrow();
        assertEquals(3, s.answers().get(0).provenance().decodeBatch());
        assertEquals(provenance(42, 3), s.answers().get(0).provenance());
        assertEquals(1, s.answers().get(1).provenance().decodeBatch());
        assertEquals(0, s.answers().get(2).provenance().decodeBatch());
        assertEquals(old, s.answers().get(2).provenance());
        assertEquals(AnswerStatus.IN_PROGRESS, s.answers().get(3).status(), "the refused completion stored nothing");
    }

    @Test
    void progressTellsStatusNextAnswerIndexAndLastActivity() {
        ClinicalRecord record = open(newDatabase()).record();
        assertTrue(record.progress("c-never-stored").isEmpty());
        String id = newId();
        record.saveConsultation(header(id, "dr.li", T0, "p-1"), List.of(image(1)));
        assertEquals(new ConsultationProgress(ConsultationStatus.OPEN, 0, T0), record.progress(id).orElseThrow());
        record.beginAnswer(id, 0, AnswerKind.STANDARD, "Describe it", T0.plusSeconds(10));
        assertEquals(new ConsultationProgress(ConsultationStatus.OPEN, 1, T0.plusSeconds(10)),
                record.progress(id).orElseThrow());
        record.failAnswer(id, 0, AnswerStatus.ERROR, "", "failed", T0.plusSeconds(12));
        assertEquals(new ConsultationProgress(ConsultationStatus.OPEN, 1, T0.plusSeconds(12)),
                record.progress(id).orElseThrow());
        record.closeConsultation(id, T0.plusSeconds(20));
        assertEquals(ConsultationStatus.CLOSED, record.progress(id).orElseThrow().status());
        record.reopenConsultation(id);
        assertEquals(ConsultationStatus.OPEN, record.progress(id).orElseThrow().status());
        assertNull(record.load(id).orElseThrow().closedAt());
    }

    @Test
    void aCompletedAnswerIsCommittedWhenTheCallReturns() throws Exception {
        TestDatabase db = newDatabase();
        ClinicalRecord record = open(db).record();
        String id = newId();
        record.saveConsultation(header(id, "dr.li", T0, ""), List.of(image(1)));
        record.beginAnswer(id, 0, AnswerKind.STANDARD, "Describe the lesion.", T0);
        record.completeAnswer(id, 0, "A pigmented lesion.", StopReason.END_OF_SEQUENCE, provenance(1), T0);
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT status, answer_text FROM answers WHERE consultation_id = ? AND idx = 0")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("COMPLETE", rs.getString(1));
                assertEquals("A pigmented lesion.", rs.getString(2));
            }
        }
    }

    @Test
    void answersLeftInProgressAreInterruptedAtTheNextStartAndCanNeverBeCompleted() {
        TestDatabase db = newDatabase();
        RecordStore first = open(db);
        String id = newId();
        first.record().saveConsultation(header(id, "dr.li", T0, ""), List.of());
        first.record().beginAnswer(id, 0, AnswerKind.STANDARD, "Describe the lesion.", T0);
        first.record().completeAnswer(id, 0, "done", StopReason.MAX_TOKENS, provenance(1), T0);
        first.record().beginAnswer(id, 1, AnswerKind.STANDARD, "Other features?", T0);
        assertEquals(AnswerStatus.IN_PROGRESS, first.record().load(id).orElseThrow().answers().get(1).status());
        first.close(); // the server goes away without ending the answer

        RecordStore second = open(db);
        StoredConsultation s = second.record().load(id).orElseThrow();
        assertEquals(AnswerStatus.COMPLETE, s.answers().get(0).status());
        StoredAnswer interrupted = s.answers().get(1);
        assertEquals(AnswerStatus.INTERRUPTED, interrupted.status());
        assertFalse(interrupted.complete());
        assertEquals(JdbcClinicalRecord.INTERRUPTED_MESSAGE, interrupted.message());
        assertEquals(clock.instant(), interrupted.endedAt());
        RecordWriteException e = assertThrows(RecordWriteException.class, () -> second.record().completeAnswer(id, 1,
                "late", StopReason.END_OF_SEQUENCE, provenance(1), T0));
        assertTrue(e.getMessage().contains("is INTERRUPTED, no longer in progress"), e.getMessage());
        assertEquals(AnswerStatus.INTERRUPTED, second.record().load(id).orElseThrow().answers().get(1).status());
        assertEquals(0, second.record().markInterrupted());
    }

    @Test
    void markInterruptedLeavesAnswersOtherServersAreGenerating() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore store = open(db);
        String id = newId();
        store.record().saveConsultation(header(id, "dr.li", T0, ""), List.of());
        store.record().beginAnswer(id, 0, AnswerKind.STANDARD, "Describe the lesion.", T0);
        store.record().beginAnswer(id, 1, AnswerKind.STANDARD, "Other features?", T0);
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE answers SET node = 'other-node' WHERE consultation_id = ? AND idx = 1")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        assertEquals(1, store.record().markInterrupted());
        List<StoredAnswer> answers = store.record().load(id).orElseThrow().answers();
        assertEquals(AnswerStatus.INTERRUPTED, answers.get(0).status());
        assertEquals(AnswerStatus.IN_PROGRESS, answers.get(1).status());
    }

    @Test
    void answersMustBeBegunOnceOnAStoredConsultationAndEndOnce() {
        ClinicalRecord record = open(newDatabase()).record();
        String id = newId();
        record.saveConsultation(header(id, "dr.li", T0, ""), List.of());
        assertMessage(() -> record.saveConsultation(header(id, "dr.li", T0, ""), List.of()),
                "consultation " + id + " is already in the record");
        assertMessage(() -> record.beginAnswer("c-unknown", 0, AnswerKind.STANDARD, "q", T0),
                "consultation c-unknown is not in the record");
        record.beginAnswer(id, 0, AnswerKind.STANDARD, "q", T0);
        assertMessage(() -> record.beginAnswer(id, 0, AnswerKind.STANDARD, "q", T0),
                "answer 0 of consultation " + id + " is already in the record");
        // A standard question asked again after its answer failed (or was interrupted) gets a later index.
        record.beginAnswer(id, 4, AnswerKind.STANDARD, "q", T0);
        assertMessage(() -> record.completeAnswer(id, 7, "x", StopReason.MAX_TOKENS, provenance(1), T0),
                "answer 7 of consultation " + id + " was never begun");
        assertMessage(() -> record.failAnswer(id, 0, AnswerStatus.COMPLETE, "", "", T0), "CANCELLED or ERROR");
        record.failAnswer(id, 0, AnswerStatus.ERROR, "", "boom", T0);
        assertMessage(() -> record.completeAnswer(id, 0, "x", StopReason.MAX_TOKENS, provenance(1), T0),
                "is ERROR, no longer in progress");
        assertMessage(() -> record.recordFindings("c-unknown", new Findings("", "", "", "", null, "", "", false, "", "")),
                "not in the record");
        assertMessage(() -> record.recordReport(id, new RenderedReport("fhir-r4", "1", "not-a-sha", "", T0)),
                "report sha256 must be a SHA-256");
    }

    @Test
    void oversizedFieldsAreRefusedWithTheFieldNamedAndNothingIsStored() {
        ClinicalRecord record = open(newDatabase()).record();
        String id = newId();
        ConsultationHeader tooLong = new ConsultationHeader(id, "dr.li", T0, Locale.ENGLISH, Locale.ENGLISH, "", "",
                "x".repeat(ClinicalRecord.MAX_QUESTION_CHARS + 1), "", "");
        RecordWriteException e = assertThrows(RecordWriteException.class,
                () -> record.saveConsultation(tooLong, List.of(image(1))));
        assertEquals("clinicalContext is 20,001 characters long; the record keeps at most 20,000: nothing was stored",
                e.getMessage());
        assertTrue(record.load(id).isEmpty());
        assertMessage(() -> record.saveConsultation(header("bad id!", "dr.li", T0, ""), List.of()),
                "consultation id must be 1 to 64 characters");
        assertMessage(() -> record.saveConsultation(header(newId(), "d".repeat(201), T0, ""), List.of()),
                "clinician is 201 characters long");
        assertMessage(() -> record.saveConsultation(header(newId(), "dr", T0, "p".repeat(201)), List.of()),
                "patientRef is 201 characters long");
        List<ConsultationImage> many = java.util.Collections.nCopies(ClinicalRecord.MAX_IMAGES + 1, image(1));
        assertMessage(() -> record.saveConsultation(header(newId(), "dr", T0, ""), many), "at most 16 images");
        record.saveConsultation(header(id, "dr.li", T0, ""), List.of());
        assertMessage(() -> record.beginAnswer(id, 0, AnswerKind.STANDARD, "q".repeat(20_001), T0),
                "question is 20,001 characters long");
        assertMessage(() -> record.beginAnswer(id, 0, AnswerKind.STANDARD, " ", T0), "question is missing");
        record.beginAnswer(id, 0, AnswerKind.STANDARD, "q", T0);
        assertMessage(() -> record.completeAnswer(id, 0, "a".repeat(ClinicalRecord.MAX_TEXT_CHARS + 1),
                StopReason.MAX_TOKENS, provenance(1), T0), "answer text is 200,001 characters long");
        assertMessage(() -> record.completeAnswer(id, 0, "nul\0", StopReason.MAX_TOKENS, provenance(1), T0),
                "answer text contains a NUL character");
        assertEquals(AnswerStatus.IN_PROGRESS, record.load(id).orElseThrow().answers().get(0).status());
        // The largest allowed values are stored whole.
        record.completeAnswer(id, 0, "a".repeat(ClinicalRecord.MAX_TEXT_CHARS), StopReason.MAX_TOKENS, provenance(1), T0);
        assertEquals(ClinicalRecord.MAX_TEXT_CHARS, record.load(id).orElseThrow().answers().get(0).text().length());
    }

    @Test
    void historyFiltersPagesAndListsNewestFirst() {
        ClinicalRecord record = open(newDatabase()).record();
        // 30 consultations, one a minute: clinicians a/b/c in turn, patients p0..p4, models v1/v2.
        for (int i = 0; i < 30; i++) {
            String id = String.format(Locale.ROOT, "h-%02d", i);
            ConsultationHeader h = new ConsultationHeader(id, "dr." + "abc".charAt(i % 3), T0.plusSeconds(60L * i),
                    Locale.ENGLISH, Locale.ENGLISH, "p" + (i % 5), "e" + i, "", "vit@1.0",
                    i < 20 ? "llama@1.0" : "llama@2.0");
            record.saveConsultation(h, List.of(image(i)));
            if (i % 4 == 0) {
                record.recordFindings(id, new Findings("", "", i % 8 == 0 ? "Malignant Melanoma" : "Eczema",
                        i % 8 == 0 ? "melanoma" : "eczema", List.of(), "", "", i % 8 == 0, "", ""));
            }
            if (i == 29) {
                record.beginAnswer(id, 0, AnswerKind.STANDARD, "q", T0);
                record.beginAnswer(id, 1, AnswerKind.STANDARD, "q", T0);
            }
        }
        Page<ConsultationSummary> all = record.find(HistoryQuery.latest(10));
        assertEquals(30, all.total());
        assertEquals(List.of("h-29", "h-28", "h-27", "h-26", "h-25", "h-24", "h-23", "h-22", "h-21", "h-20"), ids(all));
        assertTrue(all.hasMore());
        ConsultationSummary newest = all.items().get(0);
        assertEquals(new ConsultationSummary("h-29", "dr.c", T0.plusSeconds(60L * 29), Locale.ENGLISH, "p4", "e29", "",
                "", false, "llama@2.0", ConsultationStatus.OPEN, 1, 2), newest);
        Page<ConsultationSummary> last = record.find(HistoryQuery.latest(10).page(25, 10));
        assertEquals(List.of("h-04", "h-03", "h-02", "h-01", "h-00"), ids(last));
        assertFalse(last.hasMore());
        assertEquals(0, record.find(HistoryQuery.latest(10).page(40, 10)).items().size());

        assertEquals(10, record.find(HistoryQuery.latest(50).withClinician("dr.a")).total());
        assertEquals(List.of("h-29", "h-24", "h-19", "h-14", "h-09", "h-04"),
                ids(record.find(HistoryQuery.latest(50).withPatient("p4"))));
        assertEquals(List.of("h-07"), ids(record.find(HistoryQuery.latest(50).withEncounter("e7"))));
        assertEquals(List.of("h-12", "h-11", "h-10"), ids(record.find(HistoryQuery.latest(50)
                .between(T0.plusSeconds(600), T0.plusSeconds(780)))));
        assertEquals(List.of("h-24", "h-16", "h-08", "h-00"),
                ids(record.find(HistoryQuery.latest(50).withDiagnosis("MELANOMA"))));
        assertEquals(List.of("h-24", "h-16", "h-08", "h-00"),
                ids(record.find(HistoryQuery.latest(50).withDiagnosis("melanoma"))));
        assertEquals(4, record.find(HistoryQuery.latest(50).withDiagnosis("ecz")).total());
        assertEquals(0, record.find(HistoryQuery.latest(50).withDiagnosis("%")).total());
        assertTrue(record.find(HistoryQuery.latest(50).withDiagnosis("melanoma")).items().get(0).urgentReferral());
        // A condition code is found through the diagnoses it was recognised from.
        record.recordFindings("h-01", new Findings("", "", "Tinea corporis", "tinea", List.of(), "", "", false, "", ""));
        assertEquals(List.of("h-01"), ids(record.find(HistoryQuery.latest(50).withDiagnosis("tinea"))));
        assertEquals(List.of("h-01"), ids(record.find(HistoryQuery.latest(50).withDiagnosis("CORPORIS"))));
        assertEquals(10, record.find(HistoryQuery.latest(50).withModel("llama@2.0")).total());
        assertEquals(30, record.find(HistoryQuery.latest(50).withModel("llama")).total());
        assertEquals(30, record.find(HistoryQuery.latest(50).withModel("vit@1.0")).total());
        assertEquals(0, record.find(HistoryQuery.latest(50).withModel("lla")).total());
        assertEquals(List.of("h-24", "h-09"), ids(record.find(HistoryQuery.latest(50).withPatient("p4")
                .withClinician("dr.a").between(null, T0.plusSeconds(60L * 25)))));
    }

    @Test
    void eraseDeletesEveryRowAndLeavesATombstoneWithoutPatientContent() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore store = open(db);
        ClinicalRecord record = store.record();
        String gone = newId();
        String kept = newId();
        for (String id : List.of(gone, kept)) {
            record.saveConsultation(header(id, "dr.li", T0, "MRN-7"), List.of(image(1), image(2)));
            record.beginAnswer(id, 0, AnswerKind.STANDARD, "q", T0);
            record.completeAnswer(id, 0, "a", StopReason.MAX_TOKENS, provenance(1), T0);
            record.recordFindings(id, new Findings("d", "", "x", "", List.of(), "", "", false, "", ""));
            record.recordReport(id, new RenderedReport("fhir-r4", "1", "c".repeat(64), "dr.li", T0));
        }
        assertEquals(1, record.erase(gone, "dpo", "patient request #12"));
        assertTrue(record.load(gone).isEmpty());
        assertTrue(record.load(kept).isPresent());
        try (Connection c = db.connect()) {
            for (String table : List.of("consultations WHERE id", "images WHERE consultation_id",
                    "answers WHERE consultation_id", "findings WHERE consultation_id",
                    "reports_rendered WHERE consultation_id")) {
                assertEquals(0, count(c, "SELECT COUNT(*) FROM " + table + " = '" + gone + "'"), table);
                assertTrue(count(c, "SELECT COUNT(*) FROM " + table + " = '" + kept + "'") > 0, table);
            }
        }
        assertEquals(0, record.erase(gone, "dpo", "again"));
        List<AuditEntry> tombstones = store.audit().find(AuditQuery.latest(10).withAction("ERASED")).items();
        assertEquals(1, tombstones.size());
        AuditEntry t = tombstones.get(0);
        assertEquals("dpo", t.actor());
        assertEquals(gone, t.target());
        assertTrue(t.detail().contains("patient request #12"), t.detail());
        assertFalse(t.detail().contains("MRN-7"));
        assertTrue(store.audit().verify().intact());
    }

    @Test
    void eraseByPatientDeletesAllOfThemAndNamesOnlyTheIdsInTheAudit() {
        RecordStore store = open(newDatabase());
        ClinicalRecord record = store.record();
        List<String> theirs = List.of(newId(), newId(), newId());
        for (String id : theirs) {
            record.saveConsultation(header(id, "dr.li", T0, "MRN-42"), List.of(image(3)));
        }
        String other = newId();
        record.saveConsultation(header(other, "dr.li", T0, "MRN-43"), List.of(image(3)));
        assertEquals(3, record.eraseByPatient("MRN-42", "dpo", "right to erasure"));
        assertEquals(0, record.find(HistoryQuery.latest(10).withPatient("MRN-42")).total());
        assertEquals(1, record.find(HistoryQuery.latest(10)).total());
        List<AuditEntry> tombstones = store.audit().find(AuditQuery.latest(10).withAction("ERASED")).items();
        assertEquals(theirs.stream().sorted().collect(Collectors.toSet()),
                tombstones.stream().map(AuditEntry::target).collect(Collectors.toSet()));
        for (AuditEntry t : tombstones) {
            assertFalse(t.detail().contains("MRN-42"), t.detail());
            assertFalse(t.target().contains("MRN-42"), t.target());
        }
        assertEquals(0, record.eraseByPatient("MRN-42", "dpo", "again"));
    }

    @Test
    void retentionDeletesOldConsultationsWithATombstoneEach() {
        TestDatabase db = newDatabase();
        RecordStore store = db.openStore(db.settings(30), Migrator.load(getClass().getClassLoader()), clock);
        stores.add(store);
        Instant now = T0.plus(Duration.ofDays(100));
        clock.set(now);
        String old1 = newId();
        String old2 = newId();
        String young = newId();
        store.record().saveConsultation(header(old1, "dr", now.minus(Duration.ofDays(90)), ""), List.of(image(1)));
        store.record().saveConsultation(header(old2, "dr", now.minus(Duration.ofDays(31)), ""), List.of(image(1)));
        store.record().saveConsultation(header(young, "dr", now.minus(Duration.ofDays(29)), ""), List.of(image(1)));
        assertEquals(2, store.applyRetention());
        assertEquals(List.of(young), ids(store.record().find(HistoryQuery.latest(10))));
        List<AuditEntry> tombstones = store.audit().find(AuditQuery.latest(10).withActor("system")).items();
        assertEquals(2, tombstones.size());
        assertTrue(tombstones.get(0).detail().startsWith("retention: started before "), tombstones.get(0).detail());
        assertEquals(0, store.applyRetention());
    }

    static List<String> ids(Page<ConsultationSummary> page) {
        return page.items().stream().map(ConsultationSummary::id).toList();
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        RecordWriteException e = assertThrows(RecordWriteException.class, call);
        assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' does not say '" + part + "'");
    }
}
