package org.skingpt.store.internal;

/** The audit trail on a real PostgreSQL. */
class PostgresAuditTrailTest extends AuditTrailTests {

    @Override
    boolean postgres() {
        return true;
    }
}
