package org.skingpt.console.internal;

import com.vaadin.flow.server.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.report.ReportFormatInfo;
import org.skingpt.api.report.ReportRenderer;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.runtime.InferenceRuntime;
import org.skingpt.console.internal.security.Audit;
import org.skingpt.console.internal.i18n.LanguagePreferences;
import org.skingpt.api.templates.PromptTemplates;
import org.skingpt.console.internal.security.JaasAuthenticator;
import org.skingpt.console.internal.status.BundleRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the console's configuration and its view of the platform. A configuration change is
 * applied in place ({@link Modified}): the servlet and its sessions stay.
 */
@Component(service = ConsoleBackend.class, configurationPid = ConsoleConfig.PID)
@Designate(ocd = ConsoleConfig.class)
public class ConsoleBackendComponent implements ConsoleBackend {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleBackendComponent.class);

    /** Console pages generating at once; more get "busy" at once rather than a queue. */
    static final int MAX_CONSULTATION_THREADS = 16;

    /** The engine comes and goes (it starts after the console, and may be restarted). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InferenceRuntime runtime;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConsultationService consultationService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClinicalRecord clinicalRecord;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.skingpt.api.access.ApiTokens apiTokens;

    @Override
    public Optional<org.skingpt.api.access.ApiTokens> apiTokens() {
        return Optional.ofNullable(apiTokens);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.skingpt.api.review.ReviewStudies reviewStudies;

    @Override
    public Optional<org.skingpt.api.review.ReviewStudies> reviewStudies() {
        return Optional.ofNullable(reviewStudies);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAuditTrail(AuditTrail trail) {
        auditTrail = trail;
        Audit.trail(trail);
    }

    void unbindAuditTrail(AuditTrail trail) {
        if (auditTrail == trail) {
            auditTrail = null;
        }
        Audit.trailGone(trail);
    }

    private volatile AuditTrail auditTrail;

    @Override
    public Optional<AuditTrail> auditTrail() {
        return Optional.ofNullable(auditTrail);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.skingpt.console.internal.admin.AdminServices adminServices;

    @Override
    public Optional<org.skingpt.console.internal.admin.AdminServices> admin() {
        return Optional.ofNullable(adminServices);
    }

    @Override
    public LanguagePreferences languagePreferences() {
        return languagePreferences;
    }

    /** Report and locale bundles are hot-swapped: the lists are replaced whenever one comes or goes. */
    private final List<ServiceReference<ReportRenderer>> renderers = new CopyOnWriteArrayList<>();

    @Reference(service = PromptTemplates.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Map.Entry<Map<String, Object>, PromptTemplates>> templates;

    private final BundleContext bundleContext;
    private final ExecutorService consultationWorkers = newWorkers();
    private final ScheduledExecutorService scheduler;
    private final JaasAuthenticator authenticator;
    private final Versions versions;
    private volatile ConsoleSettings settings;
    private final LanguagePreferences languagePreferences;
    private final org.skingpt.console.internal.ui.LiveConsultations liveConsultations =
            new org.skingpt.console.internal.ui.LiveConsultations(this::closeConsultation);

    @Activate
    public ConsoleBackendComponent(BundleContext bundleContext, ConsoleConfig config) {
        this.bundleContext = bundleContext;
        this.settings = ConsoleSettings.from(config);
        this.authenticator = new JaasAuthenticator(this::settings);
        this.versions = readVersions(bundleContext);
        this.scheduler = newScheduler();
        java.io.File data = bundleContext.getDataFile("ui-languages.properties");
        this.languagePreferences = new LanguagePreferences(data == null ? null : data.toPath());
        LOG.info("SkinGPT console configured: realm={}, allowed roles={}, session timeout={} min",
                settings.realm(), settings.allowedRoles(), settings.sessionTimeoutMinutes());
    }

    @Modified
    void modified(ConsoleConfig config) {
        this.settings = ConsoleSettings.from(config);
        LOG.info("SkinGPT console reconfigured: realm={}, allowed roles={}, session timeout={} min",
                settings.realm(), settings.allowedRoles(), settings.sessionTimeoutMinutes());
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        consultationWorkers.shutdownNow();
    }

    @Override
    public Optional<ConsultationService> consultations() {
        return Optional.ofNullable(consultationService);
    }

    @Override
    public org.skingpt.console.internal.ui.LiveConsultations liveConsultations() {
        return liveConsultations;
    }

    /** Closes off the calling thread (a page's request or a finished run): closing frees native memory. */
    private void closeConsultation(String id) {
        Runnable close = () -> consultations().ifPresent(service -> service.close(id));
        try {
            consultationWorkers.execute(close);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            close.run();
        }
    }

    /**
     * Renderers are tracked by reference: the formats are read from their service properties, so listing them
     * gets (and activates) no renderer. One registered without them is ignored, with the reason in the log.
     */
    @Reference(service = ReportRenderer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addRenderer(ServiceReference<ReportRenderer> ref) {
        Optional<String> problem = ReportFormatInfo.problem(ref);
        if (problem.isPresent()) {
            LOG.warn(problem.get());
            return;
        }
        renderers.add(ref);
    }

    void removeRenderer(ServiceReference<ReportRenderer> ref) {
        renderers.remove(ref);
    }

    @Override
    public List<ReportFormatInfo> reportFormats() {
        List<ServiceReference<ReportRenderer>> current = new ArrayList<>(renderers);
        current.sort(Comparator.reverseOrder()); // the highest ranked renderer of a format names it
        Map<String, ReportFormatInfo> byId = new TreeMap<>();
        for (ServiceReference<ReportRenderer> r : current) {
            ReportFormatInfo.of(r).ifPresent(f -> byId.putIfAbsent(f.formatId(), f));
        }
        return List.copyOf(byId.values());
    }

    @Override
    public List<PromptTemplates> locales() {
        List<Map.Entry<Map<String, Object>, PromptTemplates>> current = templates;
        if (current == null) {
            return List.of();
        }
        // Per language the highest service ranking wins, as when the consultation service picks one.
        Map<String, Map.Entry<Map<String, Object>, PromptTemplates>> byTag = new TreeMap<>();
        for (Map.Entry<Map<String, Object>, PromptTemplates> t : current) {
            byTag.merge(t.getValue().locale().toLanguageTag(), t, (a, b) -> ranking(b) > ranking(a) ? b : a);
        }
        return byTag.values().stream().map(Map.Entry::getValue).toList();
    }

    @Override
    public ExecutorService consultationWorkers() {
        return consultationWorkers;
    }

    private static int ranking(Map.Entry<Map<String, Object>, PromptTemplates> t) {
        return t.getKey().get("service.ranking") instanceof Integer i ? i : 0;
    }

    /** The consultation service bounds model work itself; this only caps the console's own threads. */
    private static ExecutorService newWorkers() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, MAX_CONSULTATION_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "skingpt-console-consultation-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public ConsoleSettings settings() {
        return settings;
    }

    @Override
    public Optional<ClinicalRecord> clinicalRecord() {
        return Optional.ofNullable(clinicalRecord);
    }

    @Override
    public Optional<InferenceRuntime> inferenceRuntime() {
        return Optional.ofNullable(runtime);
    }

    @Override
    public List<BundleRow> skingptBundles() {
        try {
            return BundleRow.skingptBundles(bundleContext);
        } catch (IllegalStateException e) {
            // this bundle is stopping
            return List.of();
        }
    }

    @Override
    public JaasAuthenticator authenticator() {
        return authenticator;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public Versions versions() {
        return versions;
    }

    private static ScheduledExecutorService newScheduler() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "skingpt-console-refresh-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Views cancel their refresh when detached; do not keep cancelled tasks queued.
        executor.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(executor);
    }

    private static Versions readVersions(BundleContext context) {
        Properties build = Versions.buildProperties();
        Bundle system = context.getBundle(0);
        String framework = system == null ? "unknown"
                : system.getSymbolicName() + " " + system.getVersion();
        return new Versions(
                String.valueOf(context.getBundle().getVersion()),
                build.getProperty("vaadin.version", "unknown"),
                Version.getFullVersion(),
                System.getProperty("karaf.version", "unknown"),
                framework,
                System.getProperty("java.runtime.version", System.getProperty("java.version", "unknown"))
                        + " (" + System.getProperty("java.vendor", "unknown vendor") + ")");
    }
}
