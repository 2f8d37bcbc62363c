package org.skingpt.store.internal;

/** Record writes on embedded H2 (opt-in: -Dskingpt.store.perf=true). */
class H2RecordWriteBenchmark extends RecordWriteBenchmarks {

    @Override
    boolean postgres() {
        return false;
    }
}
