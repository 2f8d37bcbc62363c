package org.skingpt.rest.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute per API token: a token bucket of {@code perMinute} requests, refilled evenly. Kept in
 * memory, per server: behind a load balancer each server allows the rate (documented).
 */
final class RateLimiter {

    private final int perMinute;
    private final double perNano;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int perMinute) {
        this.perMinute = perMinute;
        this.perNano = perMinute / 60e9;
    }

    int perMinute() {
        return perMinute;
    }

    /**
     * Takes one request from the key's bucket.
     *
     * @return 0 when allowed, otherwise the seconds until the next request would be (at least 1)
     */
    long acquire(String key, long nowNanos) {
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, nowNanos));
        synchronized (b) {
            b.tokens = Math.min(perMinute, b.tokens + (nowNanos - b.at) * perNano);
            b.at = nowNanos;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            double missing = 1 - b.tokens;
            return Math.max(1, (long) Math.ceil(missing / perNano / 1e9));
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
