package org.skingpt.store.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.record.ConsultationHeader;

/**
 * Base of the store tests: each runs on H2 and on PostgreSQL through a subclass that says which. Stores
 * opened with {@link #open} are closed after the test.
 */
abstract class StoreTestBase {

    static final Instant T0 = Instant.parse("2026-11-02T09:30:00.123456Z");
    /** 16 bytes no sane PNG holds; found in the H2 file before an erasure, never after. */
    static final byte[] MARKER = "SKINGPT-ERASE-ME".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    Path tmp;

    final List<RecordStore> stores = new ArrayList<>();
    final MutableClock clock = new MutableClock(T0.plusSeconds(3600));

    /** Whether this run is the PostgreSQL one. */
    abstract boolean postgres();

    /** A fresh, empty database. */
    TestDatabase newDatabase() {
        return postgres() ? TestDatabase.postgres(PostgresServer.shared())
                : TestDatabase.h2(tmp.resolve("h2-" + IDS.incrementAndGet()));
    }

    RecordStore open(TestDatabase db) {
        RecordStore s = db.openStore(clock);
        stores.add(s);
        return s;
    }

    /** One of several servers sharing the database (multi-node mode, PostgreSQL). */
    RecordStore openNode(TestDatabase db, String node) {
        RecordStore s = db.openStore(db.settings(node, true), clock);
        stores.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        for (RecordStore s : stores) {
            s.close();
        }
        stores.clear();
    }

    static String newId() {
        return "c-" + IDS.incrementAndGet();
    }

    static ConsultationHeader header(String id, String clinician, Instant startedAt, String patient) {
        return new ConsultationHeader(id, clinician, startedAt, Locale.forLanguageTag("zh-CN"), Locale.ENGLISH,
                patient, "enc-" + id, "itchy for two weeks", "skingpt4-vit@1.0.0", "skingpt4-llama@2.1.0");
    }

    /** PNG-signed bytes holding the marker (the store keeps bytes as given; intake made them). */
    static ConsultationImage image(int seed) {
        byte[] png = new byte[4096];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, png, 0, signature.length);
        // Random like real (deflated) image data: PostgreSQL stores it as it is, uncompressed.
        byte[] noise = new byte[png.length];
        new java.util.Random(seed).nextBytes(noise);
        System.arraycopy(noise, signature.length, png, signature.length, png.length - signature.length);
        for (int at = 100; at + MARKER.length < png.length; at += 1000) {
            System.arraycopy(MARKER, 0, png, at, MARKER.length);
        }
        return new ConsultationImage(sha256(png), 64, 48, png);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
