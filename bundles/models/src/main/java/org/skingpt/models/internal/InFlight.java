package org.skingpt.models.internal;

/**
 * Counts the work a model is doing (open conversations, running encodes) so that a model that is
 * withdrawn can finish it before its native memory is freed.
 */
final class InFlight {

    private int count;
    private boolean draining;

    /** Starts one piece of work; refused once draining began (the model is no longer offered). */
    synchronized void enter(String model) {
        if (draining) {
            throw new IllegalStateException(model + " has been withdrawn; ask for the model again to get its successor.");
        }
        count++;
    }

    synchronized void exit() {
        count--;
        notifyAll();
    }

    synchronized int count() {
        return count;
    }

    /** Stops new work and waits up to {@code millis} for running work to end; returns what is still running. */
    synchronized int drain(long millis) throws InterruptedException {
        draining = true;
        long deadline = System.currentTimeMillis() + millis;
        while (count > 0) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return count;
    }
}
