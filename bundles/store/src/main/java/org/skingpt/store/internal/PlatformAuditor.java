package org.skingpt.store.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.ModelServices;
import org.skingpt.api.model.ModelState;
import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.report.ReportFormatInfo;
import org.skingpt.api.report.ReportRenderer;
import org.skingpt.api.templates.PromptTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the audit trail with what changes the platform: model versions that become available, start or
 * stop serving, are pinned, are refused or go away; locale bundles and report formats that come and go;
 * every configuration change (the PID and the names of the keys, never their values, which may be
 * passwords). It watches the framework's own events, so the bundles that make these changes need no
 * audit code. The actor is {@code system}: events do not say which admin caused them (the shell and the
 * console audit their own actions).
 */
@Component(service = ConfigurationListener.class, immediate = true)
public class PlatformAuditor implements ConfigurationListener, ServiceListener {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformAuditor.class);
    private static final String ACTOR = "system";
    private static final String FILTER = "(|(" + Constants.OBJECTCLASS + "=" + LanguageModel.class.getName() + ")("
            + Constants.OBJECTCLASS + "=" + ImageEncoder.class.getName() + ")(" + Constants.OBJECTCLASS + "="
            + PromptTemplates.class.getName() + ")(" + Constants.OBJECTCLASS + "=" + ReportRenderer.class.getName() + "))";
    /** Seconds between looks at the model catalog for newly refused model bundles. */
    static final int FAILURE_SCAN_SECONDS = 5;

    private final BundleContext context;
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "skingpt-platform-audit");
        t.setDaemon(true);
        return t;
    });
    /** Model versions already audited as refused (name@version: error), so each failure is written once. */
    private final Set<String> failuresSeen = Collections.newSetFromMap(new ConcurrentHashMap<>());
    /** Services whose ACTIVE flag was true when last seen, to tell a swap from another property change. */
    private final Set<Long> activeServices = Collections.newSetFromMap(new ConcurrentHashMap<>());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditTrail trail;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelCatalog catalog;

    @Activate
    public PlatformAuditor(BundleContext context) throws InvalidSyntaxException {
        this.context = context;
        context.addServiceListener(this, FILTER);
        // What was already there when the record started is the baseline, not news.
        ServiceReference<?>[] present = context.getServiceReferences((String) null, FILTER);
        for (ServiceReference<?> ref : present == null ? new ServiceReference<?>[0] : present) {
            if (Boolean.TRUE.equals(ref.getProperty(ModelServices.ACTIVE))) {
                activeServices.add((Long) ref.getProperty(Constants.SERVICE_ID));
            }
        }
        scanner.scheduleWithFixedDelay(this::scanFailures, 0, FAILURE_SCAN_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        context.removeServiceListener(this);
        scanner.shutdownNow();
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        ServiceReference<?> ref = event.getServiceReference();
        Long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        List<String> classes = Arrays.asList((String[]) ref.getProperty(Constants.OBJECTCLASS));
        String bundle = ref.getBundle() == null ? "" : " bundle=" + ref.getBundle().getSymbolicName() + " "
                + ref.getBundle().getVersion();
        if (classes.contains(PromptTemplates.class.getName())) {
            String locale = String.valueOf(ref.getProperty(PromptTemplates.LOCALE));
            if (event.getType() == ServiceEvent.REGISTERED) {
                append(AuditAction.LOCALE_INSTALLED, locale, bundle.strip());
            } else if (event.getType() == ServiceEvent.UNREGISTERING) {
                append(AuditAction.LOCALE_REMOVED, locale, bundle.strip());
            }
            return;
        }
        if (classes.contains(ReportRenderer.class.getName())) {
            if (ReportFormatInfo.of(ref).isEmpty()) {
                return; // registered without its format's properties: the platform ignores it
            }
            if (event.getType() == ServiceEvent.REGISTERED) {
                append(AuditAction.REPORT_FORMAT_INSTALLED, bundle.strip(), "");
            } else if (event.getType() == ServiceEvent.UNREGISTERING) {
                append(AuditAction.REPORT_FORMAT_REMOVED, bundle.strip(), "");
            }
            return;
        }
        String model = ref.getProperty(ModelServices.NAME) + "@" + ref.getProperty(ModelServices.VERSION);
        boolean active = Boolean.TRUE.equals(ref.getProperty(ModelServices.ACTIVE));
        switch (event.getType()) {
            case ServiceEvent.REGISTERED -> {
                append(AuditAction.MODEL_INSTALLED, model, "sha256=" + ref.getProperty(ModelServices.SHA256) + bundle);
                if (active) {
                    activeServices.add(id);
                    append(AuditAction.MODEL_SWAPPED, model, "serves new consultations");
                }
            }
            case ServiceEvent.MODIFIED -> {
                boolean was = active ? !activeServices.add(id) : !activeServices.remove(id);
                if (was != active) {
                    append(AuditAction.MODEL_SWAPPED, model, active ? "serves new consultations"
                            : "no longer serves new consultations (running ones keep it)");
                }
            }
            case ServiceEvent.UNREGISTERING -> {
                activeServices.remove(id);
                append(AuditAction.MODEL_REMOVED, model, bundle.strip());
            }
            default -> { }
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getFactoryPid() == null ? event.getPid() : event.getFactoryPid() + " (" + event.getPid() + ")";
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            append(AuditAction.CONFIG_CHANGED, pid, "deleted");
            return;
        }
        if (event.getType() != ConfigurationEvent.CM_UPDATED) {
            return;
        }
        if (ModelServices.POLICY_PID.equals(event.getPid())) {
            // Which version is pinned is not secret, and it is what the audit is for.
            append(AuditAction.MODEL_PINNED, event.getPid(), "pinned=" + pinned());
            return;
        }
        append(AuditAction.CONFIG_CHANGED, pid, "keys=" + keys(event.getPid()));
    }

    private String pinned() {
        Object value = configuration(ModelServices.POLICY_PID, "pinned");
        return value instanceof String[] a ? Arrays.toString(a) : String.valueOf(value);
    }

    /** Names of the configuration's keys (values may be passwords). */
    private String keys(String pid) {
        Set<String> names = new TreeSet<>();
        var dictionary = properties(pid);
        if (dictionary != null) {
            for (var e = dictionary.keys(); e.hasMoreElements(); ) {
                String k = e.nextElement();
                if (!k.startsWith("service.") && !k.startsWith("felix.") && !k.startsWith("component.")) {
                    names.add(k);
                }
            }
        }
        return names.toString();
    }

    private Object configuration(String pid, String key) {
        var p = properties(pid);
        return p == null ? null : p.get(key);
    }

    private java.util.Dictionary<String, Object> properties(String pid) {
        ServiceReference<org.osgi.service.cm.ConfigurationAdmin> ref =
                context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class);
        if (ref == null) {
            return null;
        }
        try {
            var admin = context.getService(ref);
            var configs = admin == null ? null : admin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            return configs == null || configs.length == 0 ? null : configs[0].getProperties();
        } catch (Exception e) {
            return null;
        } finally {
            context.ungetService(ref);
        }
    }

    /** Model versions the catalog refused since the last look, each audited once with its reason. */
    void scanFailures() {
        ModelCatalog c = catalog;
        if (c == null || trail == null) {
            return;
        }
        try {
            Set<String> now = new HashSet<>();
            for (ModelInfo m : c.models()) {
                if (m.state() == ModelState.FAILED) {
                    String key = m.name() + "@" + m.version() + " bundle " + m.bundleId() + ": " + m.error();
                    now.add(key);
                    if (failuresSeen.add(key)) {
                        append(AuditAction.MODEL_FAILED, m.name() + "@" + m.version(), "bundle=" + m.bundleId() + " "
                                + m.error());
                    }
                }
            }
            failuresSeen.retainAll(now);
        } catch (RuntimeException e) {
            LOG.debug("Model catalog scan failed", e);
        }
    }

    private void append(AuditAction action, String target, String detail) {
        AuditTrail t = trail;
        if (t == null) {
            return;
        }
        try {
            t.append(AuditEntry.of(action, ACTOR, cut(target, 200), cut(detail, 3900), ""));
        } catch (RuntimeException e) {
            LOG.warn("Audit entry {} {} not written: {}", action, target, e.getMessage());
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
