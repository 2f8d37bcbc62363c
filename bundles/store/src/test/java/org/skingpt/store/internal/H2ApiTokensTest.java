package org.skingpt.store.internal;

/** API tokens on embedded H2. */
class H2ApiTokensTest extends ApiTokensTests {

    @Override
    boolean postgres() {
        return false;
    }
}
