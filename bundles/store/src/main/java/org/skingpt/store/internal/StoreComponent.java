package org.skingpt.store.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.access.ApiTokens;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.NodeRegistry;
import org.skingpt.api.review.ReviewStudies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the clinical record in Karaf. The JDBC driver is reached through its OSGi {@code DataSourceFactory}
 * (the H2 and PostgreSQL driver bundles register one each), chosen by the configured URL.
 *
 * <p>{@link ClinicalRecord} and {@link AuditTrail} are registered at once, even while the database cannot
 * be reached: callers then get {@code RecordUnavailableException} with the reason, {@code status()} says
 * what is wrong, and the store keeps trying. They are registered by hand rather than by DS so that the
 * configuration (the password) is never copied into service properties.
 */
@Component(service = {}, immediate = true, configurationPid = StoreConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreConfig.class)
public class StoreComponent {

    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);
    private static final Map<String, String> DRIVERS = Map.of(
            "jdbc:h2:", "org.h2.Driver",
            "jdbc:postgresql:", "org.postgresql.Driver");

    private final Map<DataSourceFactory, Map<String, Object>> factories = new ConcurrentHashMap<>();
    private volatile RecordStore store;
    private volatile DataSourceFactory inUse;
    private ServiceRegistration<ClinicalRecord> recordRegistration;
    private ServiceRegistration<AuditTrail> auditRegistration;
    private ServiceRegistration<ApiTokens> tokensRegistration;
    private ServiceRegistration<NodeRegistry> nodesRegistration;
    private ServiceRegistration<ReviewStudies> reviewsRegistration;
    private ServiceRegistration<DataSource> accountsRegistration;

    @Reference(service = DataSourceFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addDataSourceFactory(DataSourceFactory factory, Map<String, Object> properties) {
        factories.put(factory, properties);
        RecordStore s = store;
        if (s != null) {
            s.database().retryNow();
        }
    }

    void removeDataSourceFactory(DataSourceFactory factory) {
        factories.remove(factory);
        RecordStore s = store;
        if (s != null && factory == inUse) {
            inUse = null;
            s.database().reset("the JDBC driver in use went away (bundle stopped or updated); waiting for it");
        }
    }

    @Activate
    void activate(BundleContext context, StoreConfig config) {
        List<String> problems = StoreSettings.problems();
        StoreSettings settings = StoreSettings.from(config, problems);
        for (String p : problems) {
            LOG.error("Configuration {}: {}", StoreConfig.PID, p);
        }
        if (settings.isH2() && settings.url().startsWith("jdbc:h2:tcp:")) {
            LOG.warn("{}: H2 over TCP is not supported for production; use PostgreSQL", StoreConfig.PID);
        }
        String appliedBy = settings.nodeName() + " (org.skingpt.store " + context.getBundle().getVersion() + ")";
        Migrator migrator = new Migrator(Migrator.load(StoreComponent.class.getClassLoader()), appliedBy);
        RecordStore s = new RecordStore(settings, props -> dataSource(settings.url(), props), migrator,
                Clock.systemUTC(), "org.skingpt.store " + context.getBundle().getVersion(),
                () -> ServedVersions.of(context));
        store = s;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_DESCRIPTION, "SkinGPT clinical record");
        recordRegistration = context.registerService(ClinicalRecord.class, s.record(), props);
        props.put(Constants.SERVICE_DESCRIPTION, "SkinGPT audit trail");
        auditRegistration = context.registerService(AuditTrail.class, s.audit(), props);
        props.put(Constants.SERVICE_DESCRIPTION, "SkinGPT API tokens");
        tokensRegistration = context.registerService(ApiTokens.class, s.tokens(), props);
        Hashtable<String, Object> ds = new Hashtable<>();
        ds.put(Constants.SERVICE_DESCRIPTION, "SkinGPT record connections for Karaf's JDBC login module (accounts)");
        ds.put(AccountsDataSource.PROPERTY, AccountsDataSource.VALUE);
        accountsRegistration = context.registerService(DataSource.class, new AccountsDataSource(s.database()), ds);
        props.put(Constants.SERVICE_DESCRIPTION, "SkinGPT node registry");
        nodesRegistration = context.registerService(NodeRegistry.class, s.nodes(), props);
        props.put(Constants.SERVICE_DESCRIPTION, "SkinGPT review studies");
        reviewsRegistration = context.registerService(ReviewStudies.class, s.reviewStudies(), props);
        LOG.info("Clinical record starting on {} (node {}, {})", settings.location(), settings.nodeName(),
                settings.multiNode() ? "multi-node" : "single node");
        s.start();
    }

    @Deactivate
    void deactivate() {
        unregister(recordRegistration);
        unregister(auditRegistration);
        unregister(tokensRegistration);
        unregister(nodesRegistration);
        nodesRegistration = null;
        unregister(reviewsRegistration);
        reviewsRegistration = null;
        unregister(accountsRegistration);
        accountsRegistration = null;
        tokensRegistration = null;
        recordRegistration = null;
        auditRegistration = null;
        RecordStore s = store;
        store = null;
        if (s != null) {
            s.close();
        }
    }

    private static void unregister(ServiceRegistration<?> r) {
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException ignored) {
                // already gone with the bundle
            }
        }
    }

    private DataSource dataSource(String url, Properties props) throws SQLException {
        String driverClass = null;
        for (Map.Entry<String, String> e : DRIVERS.entrySet()) {
            if (url.startsWith(e.getKey())) {
                driverClass = e.getValue();
            }
        }
        for (Map.Entry<DataSourceFactory, Map<String, Object>> e : factories.entrySet()) {
            Object cls = e.getValue().get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
            boolean matches = driverClass != null ? driverClass.equals(cls) : accepts(e.getKey(), url);
            if (matches) {
                DataSource ds = e.getKey().createDataSource(props);
                inUse = e.getKey();
                return ds;
            }
        }
        throw new Database.NoDriverException("no JDBC driver for " + Urls.redact(url) + " yet: waiting for a"
                + " DataSourceFactory service" + (driverClass == null ? "" : " with osgi.jdbc.driver.class="
                + driverClass) + " (the driver bundle and org.osgi.service.jdbc come with the skingpt-store feature;"
                + " if they are installed, bundle:refresh the driver bundle)");
    }

    private static boolean accepts(DataSourceFactory f, String url) {
        try {
            return f.createDriver(null).acceptsURL(url);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
