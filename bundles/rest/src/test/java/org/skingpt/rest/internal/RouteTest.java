package org.skingpt.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RouteTest {

    private final Route report = new Route("GET", "/consultations/{id}/report", null, c -> { });

    @Test
    void templatesMatchWholeSegmentsOnly() {
        assertEquals(Map.of("id", "c-1"), report.match("/consultations/c-1/report"));
        assertNull(report.match("/consultations/c-1/report/x"));
        assertNull(report.match("/consultations//report"));
        assertNull(report.match("/consultations/c-1"));
        assertNull(report.match("/consultation/c-1/report"));
    }

    @Test
    void theRateLimiterAllowsItsBurstThenSaysHowLongToWait() {
        RateLimiter limiter = new RateLimiter(60); // one a second
        long t = 1_000_000_000L;
        for (int i = 0; i < 60; i++) {
            assertEquals(0, limiter.acquire("tok", t), "request " + i);
        }
        assertEquals(1, limiter.acquire("tok", t));
        assertEquals(0, limiter.acquire("other", t), "tokens have buckets of their own");
        assertEquals(0, limiter.acquire("tok", t + 1_000_000_000L), "one more a second later");
        assertEquals(1, limiter.acquire("tok", t + 1_000_000_000L));
    }
}
