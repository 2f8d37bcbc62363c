package org.skingpt.store.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The clinical record's settings, checked and resolved.
 *
 * @param url            JDBC URL with ${karaf.*} resolved (for H2: WRITE_DELAY=0 enforced)
 * @param user           database user, may be empty
 * @param password       database password, may be empty; never logged or shown
 * @param maxPoolSize    most connections
 * @param retentionDays  0 keeps everything
 * @param connectTimeout how long a call waits for a connection
 * @param retry          delay between connection attempts while not ready
 * @param nodeName       this server's name
 * @param multiNode      several servers share the record (PostgreSQL only)
 * @param heartbeat      how often this node writes its heartbeat
 */
record StoreSettings(String url, String user, String password, int maxPoolSize, int retentionDays,
        Duration connectTimeout, Duration retry, String nodeName, boolean multiNode, Duration heartbeat) {

    /** Single-node settings with the default heartbeat (tests). */
    StoreSettings(String url, String user, String password, int maxPoolSize, int retentionDays,
            Duration connectTimeout, Duration retry, String nodeName) {
        this(url, user, password, maxPoolSize, retentionDays, connectTimeout, retry, nodeName, false,
                Duration.ofSeconds(5));
    }

    StoreSettings {
        Objects.requireNonNull(url, "url");
        user = Objects.requireNonNullElse(user, "");
        password = Objects.requireNonNullElse(password, "");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(heartbeat, "heartbeat");
    }

    /** A node silent this long counts as lost: three heartbeats, at least 15 seconds. */
    Duration staleAfter() {
        Duration three = heartbeat.multipliedBy(3);
        return three.compareTo(Duration.ofSeconds(15)) < 0 ? Duration.ofSeconds(15) : three;
    }

    /** Settings from the configuration; what is out of range is replaced by its default and reported. */
    static StoreSettings from(StoreConfig c, List<String> problems) {
        String url = c.url() == null || c.url().isBlank() ? StoreConfig.DEFAULT_URL : c.url().strip();
        url = Urls.forStore(Urls.resolve(url));
        return new StoreSettings(url, c.user(), c.password(),
                range("maxPoolSize", c.maxPoolSize(), 1, 200, 10, problems),
                range("retentionDays", c.retentionDays(), 0, 365_000, 0, problems),
                Duration.ofSeconds(range("connectTimeoutSeconds", c.connectTimeoutSeconds(), 1, 300, 5, problems)),
                Duration.ofSeconds(range("retrySeconds", c.retrySeconds(), 1, 3600, 10, problems)),
                nodeName(c.nodeName()), c.multiNode(),
                Duration.ofSeconds(range("heartbeatSeconds", c.heartbeatSeconds(), 1, 60, 5, problems)));
    }

    static List<String> problems() {
        return new ArrayList<>();
    }

    /** This URL with the password hidden, for messages and logs. */
    String location() {
        return Urls.redact(url);
    }

    boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    private static int range(String key, int value, int min, int max, int dflt, List<String> problems) {
        if (value < min || value > max) {
            problems.add(key + "=" + value + " is outside " + min + ".." + max + "; using " + dflt);
            return dflt;
        }
        return value;
    }

    static String nodeName(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        String karaf = System.getProperty("karaf.name");
        if (karaf != null && !karaf.isBlank()) {
            return karaf;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }
}
