package org.skingpt.store.internal;

/** History timing on embedded H2 (opt-in: -Dskingpt.store.perf=true). */
class H2HistoryPerformanceTest extends HistoryPerformanceTests {

    @Override
    boolean postgres() {
        return false;
    }
}
