package org.skingpt.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class StoreSettingsTest {

    /** A configuration as Config Admin would deliver it. */
    static StoreConfig config(String url, int maxPoolSize, int retentionDays, int connect, int retry, String node) {
        return new StoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return StoreConfig.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return "skingpt";
            }

            @Override
            public String password() {
                return "pw";
            }

            @Override
            public int maxPoolSize() {
                return maxPoolSize;
            }

            @Override
            public int retentionDays() {
                return retentionDays;
            }

            @Override
            public int connectTimeoutSeconds() {
                return connect;
            }

            @Override
            public int retrySeconds() {
                return retry;
            }

            @Override
            public String nodeName() {
                return node;
            }

            @Override
            public boolean multiNode() {
                return false;
            }

            @Override
            public int heartbeatSeconds() {
                return 5;
            }
        };
    }

    @Test
    void theDefaultIsEmbeddedH2UnderTheDataFolder() {
        String before = System.getProperty("karaf.data");
        try {
            System.setProperty("karaf.data", "/srv/skingpt/data");
            List<String> problems = StoreSettings.problems();
            StoreSettings s = StoreSettings.from(config("", 10, 0, 5, 10, "node-a"), problems);
            assertEquals("jdbc:h2:file:/srv/skingpt/data/skingpt/record;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0", s.url());
            assertTrue(s.isH2());
            assertEquals("node-a", s.nodeName());
            assertEquals(Duration.ofSeconds(5), s.connectTimeout());
            assertTrue(problems.isEmpty(), problems.toString());
        } finally {
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
    }

    @Test
    void valuesOutOfRangeFallBackToTheirDefaultAndAreReported() {
        List<String> problems = StoreSettings.problems();
        StoreSettings s = StoreSettings.from(config("jdbc:postgresql://db/x", 0, -1, 0, 99999, " "), problems);
        assertEquals(10, s.maxPoolSize());
        assertEquals(0, s.retentionDays());
        assertEquals(Duration.ofSeconds(5), s.connectTimeout());
        assertEquals(Duration.ofSeconds(10), s.retry());
        assertEquals(List.of("maxPoolSize=0 is outside 1..200; using 10", "retentionDays=-1 is outside 0..365000; using 0",
                "connectTimeoutSeconds=0 is outside 1..300; using 5", "retrySeconds=99999 is outside 1..3600; using 10"),
                problems);
        assertTrue(!s.nodeName().isBlank());
        assertEquals("jdbc:postgresql://db/x", s.url());
    }
}
