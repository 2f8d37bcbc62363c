package org.skingpt.store.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.skingpt.api.access.ApiTokens;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.NodeRegistry;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.api.review.ReviewStudies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store without OSGi: the database, its migrations, the record, the audit trail and the retention
 * job. {@link StoreComponent} runs one in Karaf; tests run it on H2 and PostgreSQL.
 */
final class RecordStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordStore.class);
    /** Consultations deleted per transaction by the retention job. */
    static final int RETENTION_BATCH = 200;

    private final StoreSettings settings;
    private final Clock clock;
    private final Database db;
    private final JdbcAuditTrail audit;
    private final JdbcClinicalRecord record;
    private final JdbcApiTokens tokens;
    private final JdbcNodes nodes;
    private final JdbcReviewStudies reviewStudies;
    private final ScheduledExecutorService retention;
    private final ScheduledExecutorService heartbeat;

    RecordStore(StoreSettings settings, Database.DataSourceProvider provider, Migrator migrator, Clock clock) {
        this(settings, provider, migrator, clock, "org.skingpt.store", List::of);
    }

    /**
     * @param software what this node runs, for the node registry (the store bundle's version)
     * @param serving  what this node serves (models, locales, report formats), for its heartbeat
     */
    RecordStore(StoreSettings settings, Database.DataSourceProvider provider, Migrator migrator, Clock clock,
            String software, Supplier<List<String>> serving) {
        this.settings = settings;
        this.clock = clock;
        JdbcClinicalRecord[] self = new JdbcClinicalRecord[1];
        JdbcNodes[] registry = new JdbcNodes[1];
        this.db = new Database(settings, provider, migrator, c -> {
            registry[0].register(c);
            int n = self[0].markInterrupted(c);
            if (n > 0) {
                LOG.warn("{} answers were being generated when this server ({}) last stopped; they are marked"
                        + " INTERRUPTED", n, settings.nodeName());
            }
        });
        this.audit = new JdbcAuditTrail(db, clock);
        this.record = new JdbcClinicalRecord(db, audit, clock, settings.nodeName());
        self[0] = record;
        this.tokens = new JdbcApiTokens(db, audit, clock);
        this.reviewStudies = new JdbcReviewStudies(db, audit, clock);
        this.nodes = new JdbcNodes(db, audit, clock, settings, software, serving);
        registry[0] = nodes;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "skingpt-store-heartbeat");
            t.setDaemon(true);
            return t;
        });
        if (settings.retentionDays() > 0) {
            retention = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "skingpt-store-retention");
                t.setDaemon(true);
                return t;
            });
        } else {
            retention = null;
        }
    }

    /** Starts connecting (in the background) and, with a retention period, the hourly retention job. */
    void start() {
        db.start();
        long every = settings.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(nodes::heartbeat, every, every, TimeUnit.MILLISECONDS);
        if (retention != null) {
            retention.scheduleWithFixedDelay(this::applyRetention, 1, 60, TimeUnit.MINUTES);
        }
    }

    /**
     * Deletes the consultations older than the retention period, each with a tombstone in the audit trail.
     *
     * @return how many were deleted
     */
    int applyRetention() {
        if (settings.retentionDays() <= 0 || !db.isReady()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(Duration.ofDays(settings.retentionDays()));
        int total = 0;
        try {
            int n;
            do {
                n = record.eraseOlderThan(cutoff, settings.retentionDays(), RETENTION_BATCH);
                total += n;
            } while (n == RETENTION_BATCH);
            if (total > 0) {
                record.purge();
            }
        } catch (RecordUnavailableException e) {
            LOG.warn("Retention postponed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Retention failed: {}", e.getMessage(), e);
        }
        if (total > 0) {
            LOG.info("Retention: {} consultations started before {} deleted (retentionDays={})", total, cutoff,
                    settings.retentionDays());
        }
        return total;
    }

    ClinicalRecord record() {
        return record;
    }

    JdbcClinicalRecord jdbcRecord() {
        return record;
    }

    ApiTokens tokens() {
        return tokens;
    }

    ReviewStudies reviewStudies() {
        return reviewStudies;
    }

    NodeRegistry nodes() {
        return nodes;
    }

    JdbcNodes jdbcNodes() {
        return nodes;
    }

    AuditTrail audit() {
        return audit;
    }

    Database database() {
        return db;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        nodes.stopped();
        if (retention != null) {
            retention.shutdownNow();
        }
        db.close();
    }
}
