package org.skingpt.store.internal;

/** The clinical record on a real PostgreSQL. */
class PostgresClinicalRecordTest extends ClinicalRecordTests {

    @Override
    boolean postgres() {
        return true;
    }
}
