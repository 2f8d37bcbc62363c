package org.skingpt.store.internal;

/** History timing on a real PostgreSQL (opt-in: -Dskingpt.store.perf=true). */
class PostgresHistoryPerformanceTest extends HistoryPerformanceTests {

    @Override
    boolean postgres() {
        return true;
    }
}
