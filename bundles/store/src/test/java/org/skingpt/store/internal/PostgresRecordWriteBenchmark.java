package org.skingpt.store.internal;

/** Record writes on PostgreSQL (opt-in: -Dskingpt.store.perf=true). */
class PostgresRecordWriteBenchmark extends RecordWriteBenchmarks {

    @Override
    boolean postgres() {
        return true;
    }
}
