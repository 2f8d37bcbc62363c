package org.skingpt.store.internal;

/** The audit trail on embedded H2. */
class H2AuditTrailTest extends AuditTrailTests {

    @Override
    boolean postgres() {
        return false;
    }
}
