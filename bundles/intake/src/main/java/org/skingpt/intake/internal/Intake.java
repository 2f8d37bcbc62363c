package org.skingpt.intake.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.skingpt.api.intake.SanitizedImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake under one set of limits: cheap checks on the caller's thread (size, format, header),
 * then the decode on a bounded pool under a time limit.
 *
 * <p>A permit is taken before a decode is handed to the pool and given back only when the decode
 * has really ended, so an aborted decode still counts against the limit until it has stopped:
 * there are never more than {@code maxConcurrentDecodes} decodes in memory.
 */
final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final IntakeSettings settings;
    private final Semaphore permits;
    private final ThreadPoolExecutor pool;
    private final Set<DecodeJob> running = ConcurrentHashMap.newKeySet();

    Intake(IntakeSettings settings) {
        this.settings = settings;
        this.permits = new Semaphore(settings.maxConcurrentDecodes(), true); // fair: waiting uploads are served in turn
        int poolNumber = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        // The queue never holds more than the permits allow; idle threads end after a minute.
        this.pool = new ThreadPoolExecutor(settings.maxConcurrentDecodes(), settings.maxConcurrentDecodes(),
                1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "skingpt-intake-" + poolNumber + "-decode-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    IntakeSettings settings() {
        return settings;
    }

    /** A decode slot, waited for up to {@code decodeSlotWaitMillis}; false when none came free in time. */
    private boolean acquireSlot() {
        if (permits.tryAcquire()) {
            return true;
        }
        try {
            return settings.decodeSlotWaitMillis() > 0
                    && permits.tryAcquire(settings.decodeSlotWaitMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    SanitizedImage sanitize(byte[] upload) throws Refusal {
        if (upload == null || upload.length == 0) {
            throw new Refusal(Refusal.EMPTY, "no bytes");
        }
        if (upload.length > settings.maxBytes()) {
            throw new Refusal(Refusal.TOO_LARGE, upload.length + " bytes exceed " + settings.maxBytes(),
                    megabytes(upload.length), megabytes(settings.maxBytes()));
        }
        String format = Sniffer.accepted(upload);
        if (format == null) {
            throw new Refusal(Refusal.FORMAT, "not JPEG or PNG", Sniffer.describe(upload));
        }
        ParsedImage parsed = Sniffer.JPEG.equals(format) ? JpegStructure.parse(upload, settings)
                : PngStructure.parse(upload, settings);

        if (!acquireSlot()) {
            throw new Refusal(Refusal.BUSY, settings.maxConcurrentDecodes() + " decodes running for "
                    + settings.decodeSlotWaitMillis() + " ms");
        }
        DecodeJob job = new DecodeJob(parsed);
        running.add(job);
        Future<SanitizedImage> result;
        try {
            result = pool.submit(() -> {
                try {
                    return job.call();
                } finally {
                    running.remove(job);
                    permits.release();
                }
            });
        } catch (RejectedExecutionException closed) {
            running.remove(job);
            permits.release();
            throw new Refusal(Refusal.BUSY, "intake is shutting down");
        }
        try {
            return result.get(settings.decodeTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.cancel();
            LOG.warn("An image took longer than {} ms to decode and was aborted (decodeTimeoutMillis of {})",
                    settings.decodeTimeoutMillis(), IntakeConfig.PID);
            throw timeout();
        } catch (InterruptedException e) {
            job.cancel();
            Thread.currentThread().interrupt();
            throw timeout();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refusal refusal) {
                throw refusal;
            }
            throw Refusal.malformed(String.valueOf(e.getCause()));
        }
    }

    private Refusal timeout() {
        return new Refusal(Refusal.TIMEOUT, "over " + settings.decodeTimeoutMillis() + " ms",
                settings.decodeTimeoutMillis() / 1000.0);
    }

    /** Decodes running or aborted but not yet ended. */
    int decodesInFlight() {
        return settings.maxConcurrentDecodes() - permits.availablePermits();
    }

    /**
     * Takes no more work. Decodes already running end on their own (reconfiguration), or are
     * aborted when {@code abort} (deactivation).
     */
    void close(boolean abort) {
        if (abort) {
            running.forEach(DecodeJob::cancel);
            pool.shutdownNow();
        } else {
            pool.shutdown();
        }
    }

    private static double megabytes(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
