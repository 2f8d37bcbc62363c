package org.skingpt.console.internal;

import com.vaadin.flow.server.Version;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.runtime.InferenceRuntime;
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

    /** The engine comes and goes (it starts after the console, and may be restarted). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InferenceRuntime runtime;

    private final BundleContext bundleContext;
    private final ScheduledExecutorService scheduler;
    private final JaasAuthenticator authenticator;
    private final Versions versions;
    private volatile ConsoleSettings settings;

    @Activate
    public ConsoleBackendComponent(BundleContext bundleContext, ConsoleConfig config) {
        this.bundleContext = bundleContext;
        this.settings = ConsoleSettings.from(config);
        this.authenticator = new JaasAuthenticator(this::settings);
        this.versions = readVersions(bundleContext);
        this.scheduler = newScheduler();
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
    }

    @Override
    public ConsoleSettings settings() {
        return settings;
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
