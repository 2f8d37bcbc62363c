package org.skingpt.store.internal;

/** Review studies on embedded H2. */
class H2ReviewStudiesTest extends ReviewStudiesTests {

    @Override
    boolean postgres() {
        return false;
    }
}
