package org.skingpt.store.internal;

/** API tokens on a real PostgreSQL. */
class PostgresApiTokensTest extends ApiTokensTests {

    @Override
    boolean postgres() {
        return true;
    }
}
