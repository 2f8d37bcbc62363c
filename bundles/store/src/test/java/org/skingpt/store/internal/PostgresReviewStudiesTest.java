package org.skingpt.store.internal;

/** Review studies on a real PostgreSQL. */
class PostgresReviewStudiesTest extends ReviewStudiesTests {

    @Override
    boolean postgres() {
        return true;
    }
}
