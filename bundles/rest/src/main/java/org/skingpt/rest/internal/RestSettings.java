package org.skingpt.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@link RestConfig} checked: out-of-range values are reported and replaced by the default. */
record RestSettings(int rateLimitPerMinute, long maxUploadBytes, int maxJsonBytes, int busyRetryAfterSeconds,
                    Set<String> trustedProxies, String clientCertificateHeader, boolean requireClientCertificate) {

    static final RestSettings DEFAULTS = new RestSettings(240, 48L * 1024 * 1024, 64 * 1024, 5, Set.of(), "", false);

    static RestSettings from(RestConfig c, List<String> problems) {
        int rate = (int) range("rateLimitPerMinute", c.rateLimitPerMinute(), 1, 100_000, DEFAULTS.rateLimitPerMinute, problems);
        long upload = range("maxUploadBytes", c.maxUploadBytes(), 1L << 20, 200L << 20, DEFAULTS.maxUploadBytes, problems);
        int json = (int) range("maxJsonBytes", c.maxJsonBytes(), 1024, 1 << 20, DEFAULTS.maxJsonBytes, problems);
        int retry = (int) range("busyRetryAfterSeconds", c.busyRetryAfterSeconds(), 1, 600, DEFAULTS.busyRetryAfterSeconds,
                problems);
        Set<String> proxies = new LinkedHashSet<>();
        for (String p : (c.trustedProxies() == null ? "" : c.trustedProxies()).split(",")) {
            if (!p.isBlank()) {
                proxies.add(p.strip());
            }
        }
        String header = c.clientCertificateHeader() == null ? "" : c.clientCertificateHeader().strip();
        if (!header.isEmpty() && !header.matches("[A-Za-z0-9-]{1,64}")) {
            problems.add("clientCertificateHeader must be a header name (letters, digits, '-'), got '" + header
                    + "'; client-certificate headers are ignored");
            header = "";
        }
        if (!header.isEmpty() && proxies.isEmpty()) {
            problems.add("clientCertificateHeader is set but trustedProxies is empty: the header would be trusted from"
                    + " nobody; set trustedProxies to the proxy's address");
        }
        return new RestSettings(rate, upload, json, retry, Set.copyOf(proxies), header, c.requireClientCertificate());
    }

    static List<String> problems() {
        return new ArrayList<>();
    }

    private static long range(String name, long value, long min, long max, long fallback, List<String> problems) {
        if (value < min || value > max) {
            problems.add(name + " must be " + min + " to " + max + ", got " + value + "; using " + fallback);
            return fallback;
        }
        return value;
    }
}
