package org.skingpt.consultation.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.skingpt.api.consultation.BusyException;

/**
 * The capacity gate: at most {@code maxOpenConsultations} consultations open, at most
 * {@code maxConcurrentGenerations} encodes or answers running at once. A caller waits at most
 * {@code queueWaitMillis} for a generation slot and is then told the assistant is busy ({@link BusyException}),
 * never queued without bound. Slots are handed out in arrival order (a fair semaphore).
 *
 * <p>A new configuration with another number of slots starts a new semaphore; slots taken before go back to the
 * old one, so for a moment both limits may apply, never more than their sum.
 */
final class CapacityGate {

    /** A taken generation slot; {@link #close()} gives it back (once, however often it is called). */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private volatile Semaphore slots;
    private volatile Limits limits;

    CapacityGate(Limits limits) {
        this.limits = limits;
        this.slots = new Semaphore(limits.maxConcurrent(), true);
    }

    /** Applies new limits; a changed number of slots takes effect for the next caller. */
    synchronized void configure(Limits l) {
        if (l.maxConcurrent() != limits.maxConcurrent()) {
            slots = new Semaphore(l.maxConcurrent(), true);
        }
        limits = l;
    }

    /**
     * Refuses a new (or reopened) consultation when {@code open} consultations are open already.
     *
     * @param busy the message for the caller, in the consultation's language
     */
    void admit(int open, Supplier<String> busy) {
        if (open >= limits.maxOpen()) {
            throw new BusyException(busy.get());
        }
    }

    /**
     * Takes a generation slot, waiting at most the configured queue wait.
     *
     * @param busy the message for the caller when no slot came free in time (or the wait was interrupted)
     * @throws BusyException when no slot came free in time
     */
    Slot acquire(Supplier<String> busy) {
        Semaphore s = slots;
        try {
            if (!s.tryAcquire(limits.queueWaitMillis(), TimeUnit.MILLISECONDS)) {
                throw new BusyException(busy.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException(busy.get());
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                s.release();
            }
        };
    }

    /** Slots free now (for tests and status). */
    int available() {
        return slots.availablePermits();
    }
}
