package org.skingpt.language.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>Parts are claimed, not assigned: the caller and the helpers take the next unclaimed part until
 * none is left, and the caller then waits only for parts a helper has actually begun. On a machine
 * whose cores are all busy (eight consultations on two cores) a helper may not run for a while; the
 * caller then does every part itself instead of spinning for it (measured in the consultation
 * benchmark: a quarter of all samples were the caller spinning for a helper that had not started).
 * Which thread computes a part does not change its result.
 *
 * <p>One caller at a time uses the helpers; a caller that finds them taken (a prompt being read while
 * the decode loop steps) does its work alone on its own thread, which is right on a machine whose
 * cores are then busy anyway.
 */
final class DecodeWorkers implements AutoCloseable {

    private static final long SPIN_MICROS = 50;
    /** Spins of the caller waiting for a begun part before it yields its core (a preempted helper). */
    private static final int SPINS_BEFORE_YIELD = 2_000;

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
     * Runs {@code work} in {@link #threads()} parts, claimed by the calling thread and the helpers, and
     * returns when all are done; the calling thread runs them all when the helpers are taken or there
     * are none.
     */
    void run(Parts work) {
        run(work, helpers.length + 1);
    }

    /**
     * Runs {@code work} in {@code parts} parts (at least one), claimed one at a time by the calling
     * thread and the helpers: more parts than threads balance pieces of unequal cost (the attention of
     * conversations with contexts of different lengths). Without helpers, or when they are taken, the
     * calling thread runs every part itself, in order.
     */
    void run(Parts work, int parts) {
        if (helpers.length == 0 || parts < 2 || !lock.tryLock()) {
            for (int part = 0; part < parts; part++) {
                work.run(part, parts);
            }
            return;
        }
        try {
            Job job = new Job(work, parts);
            for (Helper h : helpers) {
                h.offer(job);
            }
            job.participate();
            job.awaitDone();
            if (job.failure instanceof RuntimeException re) {
                throw re;
            }
            if (job.failure instanceof Error er) {
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

    /** One split piece of work: its parts go to whoever claims them first. */
    private static final class Job {
        private final Parts work;
        private final int parts;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        Job(Parts work, int parts) {
            this.work = work;
            this.parts = parts;
        }

        /** Claims and runs parts until none is left. */
        void participate() {
            int part;
            while ((part = next.getAndIncrement()) < parts) {
                try {
                    work.run(part, parts);
                } catch (RuntimeException | Error e) {
                    failure = e;
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        /** Waits for the parts other threads claimed. */
        void awaitDone() {
            int spins = 0;
            while (done.get() < parts) {
                if (++spins < SPINS_BEFORE_YIELD) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    private static final class Helper implements Runnable {

        private final Thread thread;
        private final AtomicReference<Job> offered = new AtomicReference<>();
        private volatile boolean stopped;

        Helper(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        void offer(Job job) {
            offered.set(job);
            LockSupport.unpark(thread);
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
                Job job = offered.getAndSet(null);
                if (job != null) {
                    job.participate(); // nothing left to claim when the caller was quicker
                    continue;
                }
                long spinUntil = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(SPIN_MICROS);
                while (offered.get() == null && !stopped && System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                }
                if (offered.get() == null && !stopped) {
                    LockSupport.park(this);
                }
            }
        }
    }
}
