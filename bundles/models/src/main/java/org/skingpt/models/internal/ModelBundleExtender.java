package org.skingpt.models.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.BundleTracker;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.ImageEncoderFactory;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.LanguageModelFactory;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.ModelServices;
import org.skingpt.runtime.InferenceRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model extender (OSGi extender pattern): watches for bundles carrying the
 * {@value ModelServices#MODEL_HEADER} header; verifies their descriptor and checksums, loads them in
 * the background through the architecture service the descriptor names, runs a warm-up pass, and
 * only then registers the model as an {@link ImageEncoder} or {@link LanguageModel} service. When a
 * model bundle stops, its service is unregistered first, then its native memory freed. When an
 * architecture bundle is replaced, the models it built are built again through the new one.
 *
 * <p>This component wires the parts: {@link ModelBundleCustomizer} (which bundles are model bundles),
 * {@link ModelLifecycle} (the states and the threads), {@link ModelLoader} (descriptor, files,
 * build), {@link ArchitectureFactories} (the factories registered now), {@link ModelTable} (what the
 * catalog shows, which version serves) and {@link ModelPolicy} (its configuration).
 *
 * <p>A model bundle exports nothing and imports nothing: installing or removing one never causes
 * a refresh. A bad bundle is refused with a reason ({@link ModelCatalog}, log); whatever served
 * before keeps serving.
 */
@Component(immediate = true, service = ModelCatalog.class, configurationPid = ModelServices.POLICY_PID)
@Designate(ocd = ModelPolicyConfig.class)
public final class ModelBundleExtender implements ModelCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ModelBundleExtender.class);

    private final ArchitectureFactories factories = new ArchitectureFactories();
    private final ModelTable table = new ModelTable();
    private final ModelLifecycle lifecycle;
    private final BundleTracker<ModelEntry> tracker;
    private volatile ModelPolicy policy = ModelPolicy.DEFAULTS;

    /** Config Admin, for {@link #pin}: optional and dynamic so that it never restarts the extender. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configurationAdmin;

    @Activate
    public ModelBundleExtender(BundleContext context, @Reference InferenceRuntime runtime, ModelPolicyConfig config) {
        this(context, runtime::defaultDevice, config);
    }

    /** For tests: any device supplier, no runtime service. */
    ModelBundleExtender(BundleContext context, java.util.function.Supplier<String> device, ModelPolicyConfig config) {
        applyPolicy(config);
        String data = context.getProperty("karaf.data");
        Path workFolder = Paths.get(data != null ? data : System.getProperty("java.io.tmpdir"), "skingpt", "models");
        lifecycle = new ModelLifecycle(context, table, new ModelLoader(factories, device), factories, workFolder, () -> policy);
        factories.listener(lifecycle);
        tracker = new BundleTracker<>(context, ModelBundleCustomizer.STATES, new ModelBundleCustomizer(lifecycle));
        tracker.open();
    }

    @Modified
    void modified(ModelPolicyConfig config) {
        applyPolicy(config);
        lifecycle.reselect();
    }

    private void applyPolicy(ModelPolicyConfig config) {
        ModelPolicy.Applied applied = ModelPolicy.of(config, policy);
        for (String problem : applied.problems()) {
            LOG.error("Configuration {}: {}", ModelServices.POLICY_PID, problem);
        }
        policy = applied.policy();
        LOG.info("Model policy: pinned {}; drain {} s; architecture grace period {} s",
                policy.pins().isEmpty() ? "nothing (newest ready version serves)" : policy.pins(),
                policy.drainMillis() / 1000, policy.graceMillis() / 1000);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEncoderFactory(ImageEncoderFactory factory) {
        factories.addEncoderFactory(factory);
    }

    void removeEncoderFactory(ImageEncoderFactory factory) {
        factories.removeEncoderFactory(factory);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addLanguageFactory(LanguageModelFactory factory) {
        factories.addLanguageFactory(factory);
    }

    void removeLanguageFactory(LanguageModelFactory factory) {
        factories.removeLanguageFactory(factory);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        lifecycle.shuttingDown();
        tracker.close(); // untracks every entry: unregisters, drains and frees the models
        lifecycle.close();
    }

    @Override
    public List<ModelInfo> models() {
        return table.models();
    }

    @Override
    public int inFlight(long bundleId) {
        return table.inFlight(bundleId);
    }

    @Override
    public Map<String, String> pins() {
        return policy.pins();
    }

    /**
     * Stores the pin in this component's own configuration; the change comes back through {@link #modified},
     * so a pin set here and one written into {@code etc/org.skingpt.models.cfg} take the same path.
     */
    @Override
    public void pin(String name, String version) {
        if (!table.knows(name)) {
            throw new IllegalArgumentException("No model named '" + name + "' is installed.");
        }
        ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            throw new IllegalStateException("Configuration Admin is not running; the pin cannot be stored.");
        }
        try {
            Configuration config = admin.getConfiguration(ModelServices.POLICY_PID, "?");
            Dictionary<String, Object> properties = config.getProperties() == null ? new Hashtable<>() : config.getProperties();
            properties.put("pinned", ModelPins.with(properties.get("pinned"), name, version));
            config.update(properties);
        } catch (IOException e) {
            throw new IllegalStateException("The pin could not be stored: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ModelDescriptor> descriptor(String name, String version) {
        return table.descriptor(name, version);
    }
}
