package org.skingpt.models.internal;

/**
 * Counts the work a model is doing (open conversations, running encodes) so that a model that is
 * withdrawn or replaced can finish it before its native memory is freed.
 */
final class InFlight {

    private int count;
    private boolean draining;

    /** Starts one piece of work, or returns false once draining began (the model is no longer offered). */
    synchronized boolean tryEnter() {
        if (draining) {
            return false;
        }
        count++;
        return true;
    }

    synchronized void exit() {
        count--;
        notifyAll();
    }

    synchronized int count() {
        return count;
    }

    synchronized boolean draining() {
        return draining;
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
