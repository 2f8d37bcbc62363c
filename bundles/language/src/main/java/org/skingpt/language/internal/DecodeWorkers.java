package org.skingpt.language.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Helper threads that share one decode step's matrix products and attention with the calling
 * thread.
 *
 * <p>Why not a {@code ForkJoinPool}: a step hands out about twenty short pieces of work (tens to
 * hundreds of microseconds each), and waking a parked pool thread costs about as much on a virtual
 * machine; measured, two threads decoded the demo model slower than one. A helper here spins for a
 * short while after each piece ({@value #SPIN_MICROS} µs), so the next piece of the same step finds
 * it awake, and parks only when the model is idle.
 *
 * <p>One caller at a time uses the helpers; a caller that finds them taken (a prompt being read while
 * the decode loop steps) does its work alone on its own thread, which is right on a machine whose
 * cores are then busy anyway.
 */
final class DecodeWorkers implements AutoCloseable {

    private static final long SPIN_MICROS = 50;

    private final Helper[] helpers;
    private final ReentrantLock lock = new ReentrantLock();

    /** @param threads threads per step, the caller included (so {@code threads - 1} helpers) */
    DecodeWorkers(int threads, String name) {
        helpers = new Helper[Math.max(0, threads - 1)];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(name + "-" + (i + 1));
        }
    }

    /** The threads a step can use, the caller included. */
    int threads() {
        return helpers.length + 1;
    }

    /** Work split into parts: part {@code i} of {@code parts}. */
    interface Parts {
        void run(int part, int parts);
    }

    /**
     * Runs {@code work} in {@link #threads()} parts, part 0 on the calling thread, and returns when all
     * are done; or in one part on the calling thread when the helpers are taken or there are none.
     */
    void run(Parts work) {
        if (helpers.length == 0 || !lock.tryLock()) {
            work.run(0, 1);
            return;
        }
        try {
            int parts = helpers.length + 1;
            for (int i = 0; i < helpers.length; i++) {
                helpers[i].start(work, i + 1, parts);
            }
            Throwable failure = null;
            try {
                work.run(0, parts);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            for (Helper h : helpers) {
                Throwable f = h.await();
                failure = failure == null ? f : failure;
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error er) {
                throw er;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        for (Helper h : helpers) {
            h.stop();
        }
    }

    private static final class Helper implements Runnable {

        private final Thread thread;
        private volatile Parts work;
        private volatile int part;
        private volatile int parts;
        private volatile boolean busy;
        private volatile Throwable failure;
        private volatile boolean stopped;

        Helper(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        void start(Parts w, int p, int n) {
            part = p;
            parts = n;
            failure = null;
            busy = true;
            work = w; // published last: the helper reads the fields above after seeing it
            LockSupport.unpark(thread);
        }

        Throwable await() {
            while (busy) {
                Thread.onSpinWait();
            }
            return failure;
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            while (!stopped) {
                Parts w = work;
                if (w != null) {
                    work = null;
                    try {
                        w.run(part, parts);
                    } catch (RuntimeException | Error e) {
                        failure = e;
                    }
                    busy = false;
                    continue;
                }
                long spinUntil = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(SPIN_MICROS);
                while (work == null && !stopped && System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                }
                if (work == null && !stopped) {
                    LockSupport.park(this);
                }
            }
        }
    }
}
