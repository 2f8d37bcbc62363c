package org.skingpt.models.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.ImageEncoderFactory;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.LanguageModelFactory;
import org.skingpt.api.inference.PromptPart;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.ModelKind;
import org.skingpt.api.model.ModelLoadException;
import org.skingpt.api.model.ModelServices;
import org.skingpt.api.model.ModelState;
import org.skingpt.api.model.WeightFile;
import org.skingpt.runtime.InferenceRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model extender (OSGi extender pattern): watches for bundles carrying the
 * {@value ModelServices#MODEL_HEADER} header; verifies their descriptor and checksums, loads them in
 * the background through the architecture service the descriptor names, runs a warm-up pass, and
 * only then registers the model as an {@link ImageEncoder} or {@link LanguageModel} service. When a
 * model bundle stops, its service is unregistered first, then its native memory freed.
 *
 * <p>A model bundle exports nothing and imports nothing: installing or removing one never causes
 * a refresh. A bad bundle is refused with a reason ({@link ModelCatalog}, log); whatever served
 * before keeps serving.
 */
@Component(immediate = true, service = ModelCatalog.class, configurationPid = ModelServices.POLICY_PID)
@org.osgi.service.metatype.annotations.Designate(ocd = ModelPolicyConfig.class)
public final class ModelBundleExtender implements ModelCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ModelBundleExtender.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("org.skingpt.audit");
    private static final java.util.concurrent.atomic.AtomicLong LOADS = new java.util.concurrent.atomic.AtomicLong();

    private final BundleContext context;
    private final InferenceRuntime runtime;
    private final Path workFolder;
    private final List<ImageEncoderFactory> encoderFactories = new CopyOnWriteArrayList<>();
    private final List<LanguageModelFactory> languageFactories = new CopyOnWriteArrayList<>();
    private final Map<Long, ModelEntry> entries = new ConcurrentHashMap<>();
    // One loader thread: loads are memory-heavy; doing them one at a time keeps peaks predictable.
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "skingpt-model-loader");
        t.setDaemon(true);
        return t;
    });
    // Draining waits for consultations: it must never hold up loading a successor.
    private final ExecutorService drainer = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "skingpt-model-drain");
        t.setDaemon(true);
        return t;
    });
    private BundleTracker<ModelEntry> tracker;
    private volatile Map<String, String> pins = Map.of();
    private volatile long drainMillis;
    private volatile boolean shuttingDown;

    /** One model bundle's model, as it moves through its states. */
    private final class ModelEntry {
        final Bundle bundle;
        volatile ModelInfo info;
        volatile ModelDescriptor descriptor;
        volatile Object model;
        volatile ServiceRegistration<?> registration;
        volatile boolean removed;
        volatile boolean active;
        /** Own folder per load: a restarted bundle must not share files with its draining predecessor. */
        final Path folder;

        ModelEntry(Bundle bundle) {
            this.bundle = bundle;
            this.folder = workFolder.resolve(bundle.getBundleId() + "-" + LOADS.incrementAndGet());
            this.info = new ModelInfo(bundle.getSymbolicName(), bundle.getVersion().toString(), null, "",
                    ModelState.LOADING, "", "", false, bundle.getBundleId(), false);
        }

        void state(ModelDescriptor d, ModelState state, String error, String sha) {
            info = d == null
                    ? new ModelInfo(info.name(), info.version(), info.kind(), info.architecture(), state, error, sha,
                            info.synthetic(), info.bundleId(), active)
                    : new ModelInfo(d.name(), d.version(), d.kind(), d.architecture(), state, error, sha, d.synthetic(),
                            bundle.getBundleId(), active);
        }
    }

    @Activate
    public ModelBundleExtender(BundleContext context, @Reference InferenceRuntime runtime, ModelPolicyConfig policy) {
        this.context = context;
        this.runtime = runtime;
        applyPolicy(policy);
        String data = context.getProperty("karaf.data");
        this.workFolder = Paths.get(data != null ? data : System.getProperty("java.io.tmpdir"), "skingpt", "models");
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, new BundleTrackerCustomizer<>() {
            @Override
            public ModelEntry addingBundle(Bundle bundle, BundleEvent event) {
                return bundle.getHeaders().get(ModelServices.MODEL_HEADER) == null ? null : track(bundle);
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, ModelEntry entry) {
                // Only ACTIVE bundles are tracked; nothing changes for a model while it stays active.
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, ModelEntry entry) {
                untrack(entry);
            }
        });
        tracker.open();
    }

    @org.osgi.service.component.annotations.Modified
    void modified(ModelPolicyConfig policy) {
        applyPolicy(policy);
        reselect();
    }

    private void applyPolicy(ModelPolicyConfig policy) {
        drainMillis = Math.max(0, policy.drainSeconds()) * 1000L;
        try {
            pins = VersionPolicy.parsePins(policy.pinned());
            LOG.info("Model policy: pinned {}", pins.isEmpty() ? "nothing (newest ready version serves)" : pins);
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {} refused, previous pins {} kept: {}", ModelServices.POLICY_PID, pins, e.getMessage());
        }
    }

    /**
     * Marks, for each model name, the one READY version new consultations get, and updates the
     * {@value ModelServices#ACTIVE} service property of every registration whose flag changed.
     */
    private synchronized void reselect() {
        Map<String, List<ModelEntry>> byName = new java.util.HashMap<>();
        for (ModelEntry e : entries.values()) {
            if (e.info.state() == ModelState.READY && !e.removed) {
                byName.computeIfAbsent(e.info.name(), k -> new ArrayList<>()).add(e);
            } else if (e.active) {
                e.active = false;
                e.state(null, e.info.state(), e.info.error(), e.info.sha256());
            }
        }
        byName.forEach((name, candidates) -> {
            String pinned = pins.get(name);
            String chosen = VersionPolicy.choose(candidates.stream().map(c -> c.info.version()).toList(), pinned).orElse(null);
            if (pinned != null && !pinned.equals(chosen)) {
                LOG.warn("Model {} is pinned to version {}, which is not ready; version {} serves new consultations", name, pinned, chosen);
            }
            for (ModelEntry e : candidates) {
                boolean active = e.info.version().equals(chosen);
                synchronized (e) {
                    if (e.active == active || e.registration == null) {
                        e.active = active && e.registration != null;
                        e.state(null, e.info.state(), e.info.error(), e.info.sha256());
                        continue;
                    }
                    e.active = active;
                    e.state(null, e.info.state(), e.info.error(), e.info.sha256());
                    Dictionary<String, Object> p = copy(e.registration);
                    p.put(ModelServices.ACTIVE, active);
                    e.registration.setProperties(p);
                }
                if (active) {
                    AUDIT.info("model active {}", e.info.coordinates());
                }
            }
        });
    }

    private static Dictionary<String, Object> copy(ServiceRegistration<?> registration) {
        Hashtable<String, Object> p = new Hashtable<>();
        var ref = registration.getReference();
        for (String key : ref.getPropertyKeys()) {
            if (!key.equals(org.osgi.framework.Constants.OBJECTCLASS) && !key.equals(org.osgi.framework.Constants.SERVICE_ID)
                    && !key.startsWith("service.")) {
                p.put(key, ref.getProperty(key));
            }
        }
        return p;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEncoderFactory(ImageEncoderFactory factory) {
        encoderFactories.add(factory);
        retryFailed();
    }

    void removeEncoderFactory(ImageEncoderFactory factory) {
        encoderFactories.remove(factory);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addLanguageFactory(LanguageModelFactory factory) {
        languageFactories.add(factory);
        retryFailed();
    }

    void removeLanguageFactory(LanguageModelFactory factory) {
        languageFactories.remove(factory);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        shuttingDown = true; // drains on shutdown are short: the JVM is going away
        tracker.close(); // removes every entry: unregisters, drains and closes the models
        loader.shutdown();
        loader.awaitTermination(30, TimeUnit.SECONDS);
        drainer.shutdown();
        drainer.awaitTermination(15, TimeUnit.SECONDS);
    }

    @Override
    public List<ModelInfo> models() {
        List<ModelInfo> list = new ArrayList<>();
        entries.values().forEach(e -> list.add(e.info));
        list.sort(Comparator.comparing(ModelInfo::name).thenComparing(ModelInfo::version).thenComparingLong(ModelInfo::bundleId));
        return list;
    }

    @Override
    public int inFlight(long bundleId) {
        ModelEntry e = entries.get(bundleId);
        Object model = e == null ? null : e.model;
        InFlight inFlight = model instanceof DrainableModels.Language l ? l.inFlight
                : model instanceof DrainableModels.Encoder enc ? enc.inFlight : null;
        return inFlight == null ? 0 : inFlight.count();
    }

    @Override
    public Map<String, String> pins() {
        return pins;
    }

    /** Config Admin, for {@link #pin}: optional and dynamic so that it never restarts the extender. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.osgi.service.cm.ConfigurationAdmin configurationAdmin;

    /**
     * Stores the pin in this component's own configuration; the change comes back through {@link #modified},
     * so a pin set here and one written into {@code etc/org.skingpt.models.cfg} take the same path.
     */
    @Override
    public void pin(String name, String version) {
        if (entries.values().stream().noneMatch(e -> e.info.name().equals(name))) {
            throw new IllegalArgumentException("No model named '" + name + "' is installed.");
        }
        org.osgi.service.cm.ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            throw new IllegalStateException("Configuration Admin is not running; the pin cannot be stored.");
        }
        try {
            org.osgi.service.cm.Configuration config = admin.getConfiguration(ModelServices.POLICY_PID, "?");
            Dictionary<String, Object> properties = config.getProperties() == null ? new Hashtable<>() : config.getProperties();
            properties.put("pinned", ModelPins.with(properties.get("pinned"), name, version));
            config.update(properties);
        } catch (IOException e) {
            throw new IllegalStateException("The pin could not be stored: " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.Optional<ModelDescriptor> descriptor(String name, String version) {
        return entries.values().stream()
                .filter(e -> e.descriptor != null && e.descriptor.name().equals(name) && e.descriptor.version().equals(version))
                .map(e -> e.descriptor).findFirst();
    }

    private ModelEntry track(Bundle bundle) {
        ModelEntry entry = new ModelEntry(bundle);
        entries.put(bundle.getBundleId(), entry);
        loader.execute(() -> load(entry));
        return entry;
    }

    /** A model that failed only because its architecture was missing gets another chance when one arrives. */
    private void retryFailed() {
        for (ModelEntry e : entries.values()) {
            if (e.info.state() == ModelState.FAILED && e.info.error().startsWith("No bundle provides architecture")) {
                e.state(null, ModelState.LOADING, "", "");
                loader.execute(() -> load(e));
            }
        }
    }

    private void load(ModelEntry entry) {
        if (entry.removed) {
            return;
        }
        Bundle bundle = entry.bundle;
        String where = bundle.getSymbolicName() + " " + bundle.getVersion();
        ModelDescriptor descriptor = null;
        long started = System.nanoTime();
        try {
            String header = bundle.getHeaders().get(ModelServices.MODEL_HEADER).trim();
            URL url = bundle.getEntry(header);
            if (url == null) {
                throw new ModelLoadException(where + ": its " + ModelServices.MODEL_HEADER + " header names '" + header
                        + "', which the bundle does not contain.");
            }
            byte[] json;
            try (InputStream in = url.openStream()) {
                json = in.readNBytes(4 * 1024 * 1024 + 1);
            }
            descriptor = DescriptorReader.read(json, where + " " + header);
            entry.descriptor = descriptor;
            entry.state(descriptor, ModelState.LOADING, "", "");
            Path folder = entry.folder;
            String base = header.contains("/") ? header.substring(0, header.lastIndexOf('/') + 1) : "";
            WeightInstaller.EntrySource source = path -> {
                URL u = bundle.getEntry(base + path);
                return u == null ? null : u.openStream();
            };
            List<Path> files = WeightInstaller.install(descriptor.weights(), source, folder);
            List<String> digests = descriptor.weights().stream().map(WeightFile::sha256).toList();
            String sha = WeightInstaller.combined(digests);
            Object model = descriptor.kind() == ModelKind.IMAGE_ENCODER
                    ? new DrainableModels.Encoder(loadEncoder(descriptor, files))
                    : new DrainableModels.Language(loadLanguageModel(descriptor, files, source, folder));
            try {
                requirePartner(descriptor, model);
            } catch (ModelLoadException e) {
                close(model);
                throw e;
            }
            synchronized (entry) {
                if (entry.removed) {
                    close(model);
                    return;
                }
                entry.model = model;
                entry.registration = context.registerService(
                        descriptor.kind() == ModelKind.IMAGE_ENCODER ? ImageEncoder.class.getName() : LanguageModel.class.getName(),
                        model, properties(descriptor, sha));
                entry.state(descriptor, ModelState.READY, "", sha);
            }
            reselect();
            LOG.info("Model {} ({}, {}) ready in {} ms", descriptor.coordinates(), descriptor.kind(), descriptor.architecture(),
                    (System.nanoTime() - started) / 1_000_000);
            AUDIT.info("model ready {} sha256={} bundle={}", descriptor.coordinates(), sha, bundle.getBundleId());
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            entry.state(descriptor, ModelState.FAILED, reason, "");
            LOG.error("Model bundle {} refused: {}", where, reason);
            AUDIT.info("model refused bundle={} reason={}", bundle.getBundleId(), reason);
        }
    }

    /**
     * Refuses a model that breaks a declared pairing: an image encoder whose descriptor names its
     * language model ({@code pairedWith}) must produce visual tokens exactly as wide as that model's
     * ready versions embed tokens; and a new language model version must fit the ready encoders that
     * name it. Models that declare no pairing are checked when a consultation pairs them.
     */
    private void requirePartner(ModelDescriptor d, Object model) {
        List<String> conflicts = new java.util.ArrayList<>();
        if (model instanceof DrainableModels.Encoder encoder && d.pairedWith() != null) {
            for (ModelEntry e : entries.values()) {
                if (!e.removed && e.info.state() == ModelState.READY && e.model instanceof DrainableModels.Language l
                        && d.pairedWith().equals(e.descriptor.name())) {
                    if (l.embeddingWidth() == encoder.outputWidth()) {
                        return;
                    }
                    conflicts.add(e.descriptor.coordinates() + " embeds " + l.embeddingWidth());
                }
            }
            if (!conflicts.isEmpty()) {
                throw new ModelLoadException("Image encoder " + d.coordinates() + " produces " + encoder.outputWidth()
                        + "-wide visual tokens, but its language model " + d.pairedWith() + " does not take them ("
                        + String.join(", ", conflicts) + "). Package the encoder trained for that language model.");
            }
        } else if (model instanceof DrainableModels.Language language) {
            for (ModelEntry e : entries.values()) {
                if (!e.removed && e.info.state() == ModelState.READY && e.model instanceof DrainableModels.Encoder enc
                        && d.name().equals(e.descriptor.pairedWith()) && enc.outputWidth() != language.embeddingWidth()) {
                    conflicts.add(e.descriptor.coordinates() + " produces " + enc.outputWidth());
                }
            }
            if (!conflicts.isEmpty()) {
                throw new ModelLoadException("Language model " + d.coordinates() + " embeds tokens in "
                        + language.embeddingWidth() + " dimensions, but the image encoders paired with " + d.name()
                        + " produce other widths (" + String.join(", ", conflicts) + "). Install an encoder trained"
                        + " for this version first, or remove those encoders.");
            }
        }
    }

    private ImageEncoder loadEncoder(ModelDescriptor d, List<Path> files) {
        ImageEncoderFactory factory = encoderFactories.stream().filter(f -> f.architecture().equals(d.architecture()))
                .findFirst().orElseThrow(() -> missingArchitecture(d, encoderFactories.stream().map(ImageEncoderFactory::architecture).toList()));
        ImageEncoder encoder = factory.load(d, files, runtime.defaultDevice());
        try {
            // Warm-up: a first pass allocates and checks everything before any patient image.
            int side = encoder.imageSize();
            byte[] gray = new byte[side * side * 3];
            java.util.Arrays.fill(gray, (byte) 128);
            encoder.encode(new RgbImage(side, side, gray));
            return encoder;
        } catch (RuntimeException e) {
            encoder.close();
            throw new ModelLoadException("Warm-up of " + d.coordinates() + " failed: " + e.getMessage(), e);
        }
    }

    private LanguageModel loadLanguageModel(ModelDescriptor d, List<Path> files, WeightInstaller.EntrySource source, Path folder)
            throws IOException {
        LanguageModelFactory factory = languageFactories.stream().filter(f -> f.architecture().equals(d.architecture()))
                .findFirst().orElseThrow(() -> missingArchitecture(d, languageFactories.stream().map(LanguageModelFactory::architecture).toList()));
        Path tokenizer = folder.resolve(d.tokenizer()).normalize();
        try (InputStream in = source.open(d.tokenizer())) {
            if (in == null) {
                throw new ModelLoadException("The model bundle has no tokenizer file '" + d.tokenizer() + "' that its descriptor names.");
            }
            Files.createDirectories(tokenizer.getParent());
            Files.copy(in, tokenizer, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        LanguageModel model = factory.load(d, files, tokenizer, runtime.defaultDevice());
        try (var conversation = model.openConversation()) {
            conversation.generate(List.of(PromptPart.text("Hello")), GenerationSettings.greedy(1, List.of()), GenerationListener.ignoring());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw new ModelLoadException("Warm-up of " + d.coordinates() + " failed: " + e.getMessage(), e);
        }
    }

    private static ModelLoadException missingArchitecture(ModelDescriptor d, List<String> available) {
        return new ModelLoadException("No bundle provides architecture '" + d.architecture() + "' for " + d.kind()
                + " (available: " + available + "). Install the architecture bundle or fix the descriptor.");
    }

    private static Dictionary<String, Object> properties(ModelDescriptor d, String sha) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(ModelServices.NAME, d.name());
        p.put(ModelServices.VERSION, d.version());
        p.put(ModelServices.KIND, d.kind().name());
        p.put(ModelServices.SHA256, sha);
        p.put(ModelServices.SYNTHETIC, d.synthetic());
        p.put(ImageEncoderFactory.ARCHITECTURE_PROPERTY, d.architecture());
        p.put(ModelServices.ACTIVE, false); // reselect() decides right after registration
        return p;
    }

    private void untrack(ModelEntry entry) {
        synchronized (entry) {
            entry.removed = true;
            entry.state(null, ModelState.DRAINING, "", entry.info.sha256());
            if (entry.registration != null) {
                try {
                    entry.registration.unregister(); // no new consultation gets it from here on
                } catch (IllegalStateException alreadyGone) {
                    // unregistered with the framework's shutdown
                }
                entry.registration = null;
            }
        }
        reselect(); // the successor, if any, becomes active at once
        drainer.execute(() -> drainAndFree(entry));
    }

    /** Lets running conversations and encodes finish (bounded), then frees the model. */
    private void drainAndFree(ModelEntry entry) {
        ModelInfo info = entry.info;
        Object model = entry.model;
        try {
            InFlight inFlight = model instanceof DrainableModels.Language l ? l.inFlight
                    : model instanceof DrainableModels.Encoder e ? e.inFlight : null;
            if (inFlight != null) {
                long started = System.nanoTime();
                int left = inFlight.drain(shuttingDown ? Math.min(drainMillis, 10_000) : drainMillis);
                if (left > 0) {
                    LOG.warn("Model {}: {} conversation(s) or encode(s) still running after the drain time; freeing it anyway",
                            info.coordinates(), left);
                } else if (inFlight != null) {
                    LOG.info("Model {} drained in {} ms", info.coordinates(), (System.nanoTime() - started) / 1_000_000);
                }
            }
            if (model != null) {
                close(model);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Closing model {} failed: {}", info.coordinates(), e.toString());
        } finally {
            entry.model = null;
            entries.remove(entry.bundle.getBundleId(), entry);
            deleteQuietly(entry.folder);
            AUDIT.info("model removed {} bundle={}", info.coordinates(), entry.bundle.getBundleId());
        }
    }

    /** Frees a model's native memory. */
    private static void close(Object model) {
        if (model instanceof ImageEncoder encoder) {
            encoder.close();
        } else if (model instanceof LanguageModel language) {
            language.close();
        }
    }

    private static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", folder, e.toString());
        }
    }
}
