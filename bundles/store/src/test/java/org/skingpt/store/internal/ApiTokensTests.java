package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.skingpt.api.access.ApiScope;
import org.skingpt.api.access.ApiToken;
import org.skingpt.api.access.IssuedToken;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditQuery;

/** API tokens in the shared database: hashed, scoped, expiring, revocable, audited. Runs on H2 and PostgreSQL. */
abstract class ApiTokensTests extends StoreTestBase {

    @Test
    void aCreatedTokenAuthenticatesWithItsSecretAndTheDatabaseHoldsOnlyItsHash() throws Exception {
        TestDatabase db = newDatabase();
        RecordStore store = open(db);
        IssuedToken issued = store.tokens().create("ehr-prod", EnumSet.of(ApiScope.CONSULT, ApiScope.READ),
                clock.instant().plus(Duration.ofDays(90)), "admin");
        assertTrue(issued.secret().startsWith("skg_"), issued.secret());
        assertFalse(issued.toString().contains(issued.secret()), "the secret must never reach a log line");

        ApiToken found = store.tokens().authenticate(issued.secret()).orElseThrow();
        assertEquals(issued.token().id(), found.id());
        assertEquals(Set.of(ApiScope.CONSULT, ApiScope.READ), found.scopes());
        assertTrue(found.activeAt(clock.instant()));
        assertTrue(store.tokens().authenticate(issued.secret() + "x").isEmpty());
        assertTrue(store.tokens().authenticate("skg_" + "A".repeat(43)).isEmpty());
        assertTrue(store.tokens().authenticate(null).isEmpty());

        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM api_tokens")) {
            assertTrue(rs.next());
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String v = rs.getString(i);
                assertFalse(v != null && v.contains(issued.secret().substring(4)),
                        "column " + rs.getMetaData().getColumnName(i) + " holds the secret");
            }
            assertEquals(JdbcApiTokens.sha256(issued.secret()), rs.getString("secret_sha256"));
        }
    }

    @Test
    void expiryAndRevocationAreSeenAndAudited() {
        RecordStore store = open(newDatabase());
        Instant expiry = clock.instant().plus(Duration.ofHours(1));
        IssuedToken a = store.tokens().create("pacs", EnumSet.of(ApiScope.READ), expiry, "admin");
        IssuedToken b = store.tokens().create("portal", EnumSet.of(ApiScope.CONSULT), expiry, "admin");

        clock.set(expiry.plusSeconds(1));
        ApiToken expired = store.tokens().authenticate(a.secret()).orElseThrow();
        assertTrue(expired.expiredAt(clock.instant()));
        assertFalse(expired.activeAt(clock.instant()));

        ApiToken revoked = store.tokens().revoke("portal", "admin2");
        assertTrue(revoked.revoked());
        assertEquals("admin2", revoked.revokedBy());
        assertTrue(store.tokens().authenticate(b.secret()).orElseThrow().revoked());
        // By id too, and a second revocation changes nothing.
        assertEquals(revoked.revokedAt(), store.tokens().revoke(b.token().id(), "admin3").revokedAt());

        List<AuditEntry> audit = store.audit().find(AuditQuery.latest(50)).items();
        assertEquals(2, audit.stream().filter(e -> e.action().equals("API_TOKEN_CREATED")).count());
        AuditEntry rev = audit.stream().filter(e -> e.action().equals("API_TOKEN_REVOKED")).findFirst().orElseThrow();
        assertEquals("portal", rev.target());
        assertEquals("admin2", rev.actor());
        assertTrue(audit.stream().noneMatch(e -> e.detail().contains(b.secret().substring(4))));
        assertTrue(store.audit().verify().intact());
    }

    @Test
    void badRequestsAreRefusedWithAReasonAndStoreNothing() {
        RecordStore store = open(newDatabase());
        Instant later = clock.instant().plus(Duration.ofDays(1));
        store.tokens().create("ehr", EnumSet.of(ApiScope.READ), later, "admin");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> store.tokens().create("ehr", EnumSet.of(ApiScope.READ), later, "admin")).getMessage()
                .contains("exists already"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> store.tokens().create("bad name!", EnumSet.of(ApiScope.READ), later, "admin")).getMessage()
                .contains("letters, digits"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> store.tokens().create("x", EnumSet.noneOf(ApiScope.class), later, "admin")).getMessage()
                .contains("at least one scope"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> store.tokens().create("y", EnumSet.of(ApiScope.READ), clock.instant(), "admin")).getMessage()
                .contains("in the future"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.tokens().revoke("nope", "admin"))
                .getMessage().contains("skingpt:tokens"));
        assertEquals(1, store.tokens().list().size());
    }

    @Test
    void everyServerOnTheDatabaseSeesTokensAndRevocationsAtOnce() {
        TestDatabase db = newDatabase();
        RecordStore one = open(db);
        IssuedToken t = one.tokens().create("ehr", EnumSet.of(ApiScope.READ),
                clock.instant().plus(Duration.ofDays(1)), "admin");
        one.close();
        stores.remove(one);
        RecordStore two = open(db);
        assertTrue(two.tokens().authenticate(t.secret()).orElseThrow().activeAt(clock.instant()));
        two.tokens().revoke("ehr", "admin");
        assertTrue(two.tokens().authenticate(t.secret()).orElseThrow().revoked());
        assertNotEquals(0, two.tokens().list().size());
    }
}
