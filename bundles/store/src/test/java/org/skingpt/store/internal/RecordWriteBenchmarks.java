package org.skingpt.store.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.record.AnswerKind;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.RecordedProvenance;
import org.skingpt.api.record.RenderedReport;

/**
 * What the record adds to one consultation: the writes a consultation makes (start with one sanitised
 * image, four answers begun and completed, findings, one report noted), timed end to end, the storage
 * they take, and the migrations' start-up time. A benchmark, not a test: it asserts nothing and runs only
 * with {@code -Dskingpt.store.perf=true}; its numbers go to docs/benchmarks.md.
 */
abstract class RecordWriteBenchmarks extends StoreTestBase {

    static final int CONSULTATIONS = 300;
    static final int WARM_UP = 30;
    /** About the demo model's sanitised 224 px PNG. */
    static final int PNG_BYTES = 90_000;
    /** About one demo answer. */
    static final int ANSWER_CHARS = 700;

    @Test
    @EnabledIfSystemProperty(named = "skingpt.store.perf", matches = "true")
    void consultationWrites() throws Exception {
        // H2 as the distribution opens it: every commit written to the file before the call returns.
        TestDatabase db = postgres() ? newDatabase() : TestDatabase.h2Url("jdbc:h2:file:"
                + tmp.resolve("bench").resolve("record").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
        long m0 = System.nanoTime();
        RecordStore store = open(db);
        double migrateMs = (System.nanoTime() - m0) / 1e6;
        store.close();
        long m1 = System.nanoTime();
        store = open(db);
        double reopenMs = (System.nanoTime() - m1) / 1e6;
        ClinicalRecord record = store.record();
        Random random = new Random(7);
        String answer = "x".repeat(ANSWER_CHARS);
        RecordedProvenance provenance = new RecordedProvenance("skingpt-demo-vision@1.0.0", "a".repeat(64),
                "skingpt-demo-llm@1.0.0", "b".repeat(64), "en@0.1.0", Map.of("patient-html", "0.1.0"), 42L,
                "{\"maxNewTokens\":320}", true);
        Findings findings = new Findings(answer, answer, "Psoriasis", "psoriasis", List.of("eczema"), answer, answer,
                false, "", "Synthetic demo model; not for clinical use.");
        long before = size(db);
        double[] ms = new double[CONSULTATIONS];
        for (int i = -WARM_UP; i < CONSULTATIONS; i++) {
            byte[] png = new byte[PNG_BYTES];
            random.nextBytes(png);
            String id = newId();
            long t = System.nanoTime();
            record.saveConsultation(header(id, "dr." + (i & 7), Instant.now(), "MRN-" + i),
                    List.of(new ConsultationImage(sha256(png), 224, 224, png)));
            for (int q = 0; q < 4; q++) {
                record.beginAnswer(id, q, AnswerKind.STANDARD, "question " + q, Instant.now());
                record.completeAnswer(id, q, answer, StopReason.STOP_STRING, provenance, Instant.now());
            }
            record.recordFindings(id, findings);
            record.recordReport(id, new RenderedReport("patient-html", "0.1.0", "c".repeat(64), "dr.1", Instant.now()));
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        long after = size(db);
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%s: record writes of one consultation: median %.1f ms, p95 %.1f ms, max %.1f ms"
                + " (%d consultations); storage %.0f KB per consultation; migrations %.0f ms on an empty database,"
                + " %.0f ms when up to date%n", db, ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.95) - 1],
                ms[ms.length - 1], CONSULTATIONS, (after - before) / 1024.0 / (CONSULTATIONS + WARM_UP), migrateMs,
                reopenMs);
    }

    /** Bytes the database takes: H2's file, or PostgreSQL's database size. */
    private static long size(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); var s = c.createStatement()) {
            if (db.isPostgres()) {
                s.execute("CHECKPOINT");
                try (ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
            s.execute("CHECKPOINT SYNC");
        }
        Path dir = Path.of(db.url().replaceFirst("^jdbc:h2:file:", "").replaceFirst(";.*$", "")).getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
