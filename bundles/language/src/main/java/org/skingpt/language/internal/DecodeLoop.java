package org.skingpt.language.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous batching: one decode loop per model, serving every conversation that is generating.
 *
 * <p>A conversation generating an answer hands each decode step to the loop ({@link #step}) and
 * waits; the loop runs the steps of all waiting conversations as one {@link CpuLlama#forward} (dense
 * layers on the whole batch, attention per conversation over its own cache), then wakes them. Between
 * steps each conversation samples its next token itself, so sampling settings, seeds, stop strings
 * and cancellation stay per conversation exactly as without batching. A conversation joins with its
 * first step and leaves when its turn ends ({@link #leave}); the loop waits briefly for members of
 * the last step that are still sampling, so the batch does not fall apart into single steps.
 *
 * <p>Since every output element is computed the same way whatever the batch ({@link VectorKernels}),
 * a batched answer is bit-for-bit the answer decoded alone; provenance still records the batch size.
 */
final class DecodeLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeLoop.class);
    /**
     * Longest wait for members still sampling before the step runs without them. The wait is also
     * held under the last step's time, so that a straggler never costs the others more than half their
     * speed. (A quarter of a step was too short with eight consultations on two cores: a member between
     * two steps of its answer only samples, but waits for a core to do it, and the batches fell apart.)
     */
    private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(2_000);

    /** What a step returns: the logits of the new position and how many conversations shared the step. */
    record Step(float[] logits, int batch) {
    }

    private static final class Request {
        final CpuLlama.Row row;
        float[] logits;
        int batch;
        RuntimeException failure;
        boolean done;

        Request(CpuLlama.Row row) {
            this.row = row;
        }
    }

    private final CpuLlama model;
    private final int maxBatch;
    private final Thread worker;
    private final List<Request> waiting = new ArrayList<>();
    private final Set<CpuKvCache> members = new HashSet<>();
    private boolean closed;
    private long steps;
    private long stepped;
    private long lastStepNanos;
    private long steppedAtLastLog;

    DecodeLoop(CpuLlama model, int maxBatch, String name) {
        this.model = model;
        this.maxBatch = Math.max(1, maxBatch);
        this.worker = new Thread(this::run, "skingpt-decode-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Runs one decode step of a conversation in the next batch and waits for it.
     *
     * @param input the embedding of the conversation's last token
     * @param cache the conversation's cache, with room for one more position
     */
    Step step(float[] input, CpuKvCache cache) {
        Request request = new Request(new CpuLlama.Row(input, cache, cache.length()));
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the model has been closed");
            }
            members.add(cache);
            waiting.add(request);
            notifyAll();
            boolean interrupted = false;
            while (!request.done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the step is in flight with the cache; finish it first
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (request.failure != null) {
            throw request.failure;
        }
        return new Step(request.logits, request.batch);
    }

    /** The conversation's turn has ended: the loop stops waiting for it. */
    synchronized void leave(CpuKvCache cache) {
        members.remove(cache);
        notifyAll();
    }

    /** Average conversations per step so far (for the benchmark and the log). */
    synchronized double averageBatch() {
        return steps == 0 ? 0 : (double) stepped / steps;
    }

    /** Steps run so far and conversation-steps in them (for the benchmark). */
    synchronized long[] counters() {
        return new long[] {steps, stepped};
    }

    private void run() {
        while (true) {
            List<Request> batch;
            synchronized (this) {
                try {
                    while (!closed && waiting.isEmpty()) {
                        wait();
                    }
                    long deadline = System.nanoTime() + Math.min(GATHER_NANOS, Math.max(20_000, lastStepNanos));
                    while (!closed && waiting.size() < Math.min(maxBatch, members.size())) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                } catch (InterruptedException e) {
                    closed = true;
                }
                if (closed) {
                    RuntimeException gone = new IllegalStateException("the model has been closed");
                    for (Request r : waiting) {
                        r.failure = gone;
                        r.done = true;
                    }
                    waiting.clear();
                    notifyAll();
                    return;
                }
                int n = Math.min(maxBatch, waiting.size());
                batch = new ArrayList<>(waiting.subList(0, n));
                waiting.subList(0, n).clear();
                steps++;
                stepped += n;
                if (steps % 1000 == 0) {
                    // For tuning: how full the batches of the last thousand steps were.
                    LOG.debug("Decode loop: {} steps, average batch of the last 1000 {}, {} conversations generating",
                            steps, (stepped - steppedAtLastLog) / 1000.0, members.size());
                    steppedAtLastLog = stepped;
                }
            }
            List<CpuLlama.Row> rows = new ArrayList<>(batch.size());
            boolean[] want = new boolean[batch.size()];
            for (Request r : batch) {
                rows.add(r.row);
            }
            java.util.Arrays.fill(want, true);
            float[][] logits = null;
            RuntimeException failure = null;
            long started = System.nanoTime();
            try {
                logits = model.forward(rows, want);
            } catch (RuntimeException | Error e) {
                LOG.warn("A decode step of {} conversations failed: {}", batch.size(), e.toString());
                failure = e instanceof RuntimeException re ? re : new IllegalStateException(e.toString(), e);
            }
            synchronized (this) {
                lastStepNanos = System.nanoTime() - started;
                for (int i = 0; i < batch.size(); i++) {
                    Request r = batch.get(i);
                    r.batch = batch.size();
                    r.logits = failure == null ? logits[i] : null;
                    r.failure = failure;
                    r.done = true;
                }
                notifyAll();
            }
        }
    }

    /** Stops the loop; steps still waiting fail with "closed". */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
