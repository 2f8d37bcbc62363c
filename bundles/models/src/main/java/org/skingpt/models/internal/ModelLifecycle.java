package org.skingpt.models.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.ImageEncoderFactory;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelFailure;
import org.skingpt.api.model.ModelKind;
import org.skingpt.api.model.ModelServices;
import org.skingpt.api.model.ModelState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle of the tracked models: LOADING, READY, DRAINING, FAILED, and the rebuild of a READY
 * model when the architecture bundle that built it is replaced.
 *
 * <p>Loads, rebuilds, architecture arrivals and departures and grace expiries all run one at a time
 * on one thread ("skingpt-model-loader"): loads are memory-heavy, and one thread keeps both the peaks
 * predictable and the state machine free of races between those events. Withdrawing a stopped
 * bundle's model happens at once on the caller's thread, so that its successor serves at once;
 * draining runs on threads of its own, so that it never holds up loading a successor.
 *
 * <p>Architecture swap: when the factory that built a READY model goes away, the model keeps
 * serving for the grace period. When a factory for its architecture is there (the new revision's),
 * the model is built again through it from its verified files, swapped in behind the same
 * registration ({@link DrainableModels.Served#replace}), and the model of the old revision drains and
 * is freed. If the grace period ends first, the model is withdrawn and FAILED
 * ({@link ModelFailure#NO_ARCHITECTURE}, or why its rebuild failed); a factory that arrives later
 * loads it again.
 */
final class ModelLifecycle implements ArchitectureFactories.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLifecycle.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("org.skingpt.audit");
    private static final AtomicLong LOADS = new AtomicLong();

    private final BundleContext context;
    private final ModelTable table;
    private final ModelLoader loader;
    private final ArchitectureFactories factories;
    private final Path workFolder;
    private final Supplier<ModelPolicy> policy;
    private final ScheduledThreadPoolExecutor loop;
    private final ExecutorService drainer = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "skingpt-model-drain");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean shuttingDown;

    ModelLifecycle(BundleContext context, ModelTable table, ModelLoader loader, ArchitectureFactories factories, Path workFolder,
                   Supplier<ModelPolicy> policy) {
        this.context = context;
        this.table = table;
        this.loader = loader;
        this.factories = factories;
        this.workFolder = workFolder;
        this.policy = policy;
        this.loop = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "skingpt-model-loader");
            t.setDaemon(true);
            return t;
        });
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.setRemoveOnCancelPolicy(true);
    }

    /** Starts loading a model bundle's model; its entry shows LOADING at once. */
    ModelEntry track(Bundle bundle) {
        ModelEntry entry = new ModelEntry(bundle, workFolder.resolve(bundle.getBundleId() + "-" + LOADS.incrementAndGet()));
        table.add(entry);
        post(() -> load(entry));
        return entry;
    }

    /**
     * The bundle stopped: its service goes at once (the successor, if any, becomes active), running
     * work finishes (bounded by the drain time), then the model is freed and its files deleted.
     */
    void untrack(ModelEntry entry) {
        DrainableModels.Served<?> served;
        synchronized (entry) {
            entry.removed = true;
            entry.state(ModelState.DRAINING, null, "", entry.info.sha256());
            unregister(entry);
            served = entry.served;
        }
        cancelGrace(entry);
        reselect();
        drainer.execute(() -> {
            if (served != null) {
                drainAndFree(served, List.of(served.withdraw()), entry.info.coordinates());
            }
            table.remove(entry);
            // After any load of this entry still running: it must not copy files into a deleted folder.
            if (!post(() -> deleteQuietly(entry.folder))) {
                deleteQuietly(entry.folder);
            }
            AUDIT.info("model removed {} bundle={}", entry.info.coordinates(), entry.bundleId());
        });
    }

    void reselect() {
        table.reselect(policy.get().pins());
    }

    @Override
    public void arrived(ModelKind kind, String architecture) {
        post(() -> {
            for (ModelEntry e : table.entries()) {
                ModelDescriptor d = e.descriptor;
                if (e.removed || d == null || d.kind() != kind || !d.architecture().equals(architecture)) {
                    continue;
                }
                if (e.info.state() == ModelState.FAILED && e.info.failure() == ModelFailure.NO_ARCHITECTURE) {
                    LOG.info("Architecture {} is there: loading {} again", architecture, d.coordinates());
                    e.state(ModelState.LOADING, null, "", "");
                    post(() -> load(e));
                } else if (e.stale(factories)) {
                    post(() -> rebuild(e));
                }
            }
        });
    }

    @Override
    public void departed(ModelKind kind, String architecture, Object factory) {
        post(() -> {
            long grace = policy.get().graceMillis();
            for (ModelEntry e : table.entries()) {
                DrainableModels.Served<?> served = e.served;
                if (e.removed || served == null || served.current().factory != factory) {
                    continue;
                }
                if (factories.provides(kind, architecture)) {
                    LOG.info("Architecture {}: the factory that built {} went away, another is there; rebuilding it through that one",
                            architecture, e.info.coordinates());
                    post(() -> rebuild(e));
                } else {
                    LOG.warn("Architecture {} went away; {} keeps serving for up to {} s while a bundle that provides it is awaited",
                            architecture, e.info.coordinates(), grace / 1000);
                }
                startGrace(e, grace);
            }
        });
    }

    /** Queues a task on the loader thread; false once shut down. */
    private boolean post(Runnable task) {
        try {
            loop.execute(guarded(task));
            return true;
        } catch (RejectedExecutionException shutDown) {
            return false;
        }
    }

    /** A task that logs what it throws: the loader thread must go on. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.error("Model extender task failed", e);
            }
        };
    }

    private void startGrace(ModelEntry entry, long millis) {
        if (entry.grace == null || entry.grace.isDone()) {
            try {
                entry.grace = loop.schedule(guarded(() -> graceExpired(entry)), millis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shutDown) {
                // the extender is stopping: the model is withdrawn anyway
            }
        }
    }

    private static void cancelGrace(ModelEntry entry) {
        ScheduledFuture<?> g = entry.grace;
        if (g != null) {
            g.cancel(false);
        }
    }

    private static String where(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    private static ModelLoader.Content content(Bundle bundle) {
        return new ModelLoader.Content() {
            @Override
            public String header() {
                return bundle.getHeaders().get(ModelServices.MODEL_HEADER);
            }

            @Override
            public InputStream open(String path) throws IOException {
                URL u = bundle.getEntry(path);
                return u == null ? null : u.openStream();
            }
        };
    }

    /** Loads a tracked bundle's model from the start (or, after NO_ARCHITECTURE, from its verified files) and registers it. */
    private void load(ModelEntry entry) {
        if (entry.removed) {
            return;
        }
        Bundle bundle = entry.bundle;
        long started = System.nanoTime();
        try {
            ModelDescriptor d = entry.descriptor;
            if (d == null) {
                d = ModelLoader.descriptor(content(bundle), where(bundle));
                entry.descriptor = d;
                entry.state(ModelState.LOADING, null, "", "");
            }
            ModelLoader.Installed files = entry.files;
            if (files == null) {
                files = ModelLoader.install(content(bundle), where(bundle), d, entry.folder);
                entry.files = files;
            }
            ModelLoader.Built built = buildThroughPresentFactory(d, files);
            DrainableModels.Served<?> served = d.kind() == ModelKind.IMAGE_ENCODER
                    ? new DrainableModels.Encoder((ImageEncoder) built.model(), built.factory())
                    : new DrainableModels.Language((LanguageModel) built.model(), built.factory());
            try {
                table.requirePartner(d, served);
            } catch (ModelFailureException e) {
                free(served, served.current(), d.coordinates());
                throw e;
            }
            synchronized (entry) {
                if (entry.removed) {
                    free(served, served.current(), d.coordinates());
                    return;
                }
                entry.served = served;
                entry.rebuildFailure = null;
                entry.registration = context.registerService(
                        d.kind() == ModelKind.IMAGE_ENCODER ? ImageEncoder.class.getName() : LanguageModel.class.getName(),
                        served, properties(d, files.sha256()));
                entry.state(ModelState.READY, null, "", files.sha256());
            }
            reselect();
            LOG.info("Model {} ({}, {}) ready in {} ms", d.coordinates(), d.kind(), d.architecture(),
                    (System.nanoTime() - started) / 1_000_000);
            AUDIT.info("model ready {} sha256={} bundle={}", d.coordinates(), files.sha256(), bundle.getBundleId());
        } catch (ModelFailureException e) {
            refuse(entry, e.failure(), e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            refuse(entry, ModelFailure.LOAD_ERROR, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * Builds through the factory registered now; a factory that went away while it built (its
     * bundle was updated meanwhile) does not count, and the newer one builds again.
     */
    private ModelLoader.Built buildThroughPresentFactory(ModelDescriptor d, ModelLoader.Installed files) {
        for (int attempt = 1; ; attempt++) {
            Object factory = loader.factoryFor(d);
            ModelLoader.Built built;
            try {
                built = loader.build(d, files, factory);
            } catch (ModelFailureException e) {
                // A factory whose bundle is refreshed while it builds fails on classes it can no longer load.
                if (factories.isPresent(factory) || attempt >= 3) {
                    throw e;
                }
                LOG.info("The factory of architecture {} went away while it built {} ({}); building again", d.architecture(),
                        d.coordinates(), e.getMessage());
                continue;
            }
            if (factories.isPresent(built.factory())) {
                return built;
            }
            closeQuietly(built.model(), d.coordinates());
            if (attempt >= 3) {
                throw new ModelFailureException(ModelFailure.LOAD_ERROR, "The bundle providing architecture " + d.architecture()
                        + " went away " + attempt + " times while it built " + d.coordinates() + ".");
            }
            LOG.info("The factory of architecture {} went away while it built {}; building again", d.architecture(), d.coordinates());
        }
    }

    private void refuse(ModelEntry entry, ModelFailure failure, String reason) {
        if (entry.removed) {
            return;
        }
        entry.state(ModelState.FAILED, failure, reason, "");
        String where = where(entry.bundle);
        LOG.error("Model bundle {} refused: {}", where, reason);
        AUDIT.info("model refused bundle={} failure={} reason={}", entry.bundleId(), failure, reason);
    }

    /**
     * Builds a READY model again through the factory registered now for its architecture, when the
     * one that built it went away, and swaps it in; the old one drains and is freed.
     */
    private void rebuild(ModelEntry entry) {
        DrainableModels.Served<?> served = entry.served;
        ModelDescriptor d = entry.descriptor;
        if (entry.removed || served == null || entry.info.state() != ModelState.READY || !entry.stale(factories)
                || !factories.provides(d.kind(), d.architecture())) {
            return;
        }
        long started = System.nanoTime();
        ModelLoader.Built built;
        try {
            built = buildThroughPresentFactory(d, entry.files);
        } catch (ModelFailureException e) {
            if (e.failure() == ModelFailure.NO_ARCHITECTURE) {
                return; // gone again meanwhile: the grace period goes on, the next factory rebuilds it
            }
            entry.rebuildFailure = e;
            LOG.error("Rebuilding {} through the new bundle of architecture {} failed ({}): {}. The model built by the old"
                    + " bundle keeps serving until the grace period ends.", d.coordinates(), d.architecture(), e.failure(),
                    e.getMessage());
            return;
        }
        DrainableModels.Generation<?> old;
        synchronized (entry) {
            if (entry.removed || entry.served != served) {
                closeQuietly(built.model(), d.coordinates());
                return;
            }
            old = replace(served, built);
            entry.rebuildFailure = null;
        }
        cancelGrace(entry);
        LOG.info("Model {} rebuilt through the current bundle of architecture {} in {} ms; the model built by the previous"
                + " one drains", d.coordinates(), d.architecture(), (System.nanoTime() - started) / 1_000_000);
        AUDIT.info("model rebuilt {} architecture={} bundle={}", d.coordinates(), d.architecture(), entry.bundleId());
        drainer.execute(() -> drainAndFree(served, List.of(old), d.coordinates()));
    }

    private static DrainableModels.Generation<?> replace(DrainableModels.Served<?> served, ModelLoader.Built built) {
        if (served instanceof DrainableModels.Encoder e) {
            return e.replace((ImageEncoder) built.model(), built.factory());
        }
        return ((DrainableModels.Language) served).replace((LanguageModel) built.model(), built.factory());
    }

    /**
     * The grace period of a model whose architecture went away ran out: if nothing rebuilt it, it is
     * withdrawn and FAILED. A factory that came just now gets its chance first.
     */
    private void graceExpired(ModelEntry entry) {
        if (entry.removed || entry.served == null || !entry.stale(factories)) {
            return;
        }
        ModelDescriptor d = entry.descriptor;
        if (entry.rebuildFailure == null && factories.provides(d.kind(), d.architecture())) {
            rebuild(entry);
            if (!entry.stale(factories)) {
                return;
            }
        }
        ModelFailureException why = entry.rebuildFailure;
        ModelFailure failure = why == null ? ModelFailure.NO_ARCHITECTURE : why.failure();
        String reason = why == null ? ModelLoader.noArchitectureMessage(d.architecture()) : why.getMessage();
        DrainableModels.Served<?> served;
        synchronized (entry) {
            if (entry.removed) {
                return;
            }
            served = entry.served;
            entry.served = null;
            unregister(entry);
            entry.state(ModelState.FAILED, failure, reason, "");
        }
        reselect();
        LOG.error("Model {} withdrawn after {} s without its architecture: {}", d.coordinates(), policy.get().graceMillis() / 1000,
                reason);
        AUDIT.info("model failed {} bundle={} failure={} reason={}", d.coordinates(), entry.bundleId(), failure, reason);
        if (served != null) {
            drainer.execute(() -> drainAndFree(served, List.of(served.withdraw()), d.coordinates()));
        }
    }

    private static void unregister(ModelEntry entry) {
        ServiceRegistration<?> r = entry.registration;
        entry.registration = null;
        if (r != null) {
            try {
                r.unregister(); // no new consultation gets it from here on
            } catch (IllegalStateException alreadyGone) {
                // unregistered with the framework's shutdown
            }
        }
    }

    /** Lets running conversations and encodes finish (bounded), then frees the model. */
    private void drainAndFree(DrainableModels.Served<?> served, List<? extends DrainableModels.Generation<?>> generations,
                              String coordinates) {
        long drainMillis = policy.get().drainMillis();
        for (DrainableModels.Generation<?> g : generations) {
            try {
                long started = System.nanoTime();
                int left = g.inFlight.drain(shuttingDown ? Math.min(drainMillis, 10_000) : drainMillis);
                if (left > 0) {
                    LOG.warn("Model {}: {} conversation(s) or encode(s) still running after the drain time; freeing it anyway",
                            coordinates, left);
                } else {
                    LOG.info("Model {} drained in {} ms", coordinates, (System.nanoTime() - started) / 1_000_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            free(served, g, coordinates);
        }
    }

    /** Frees one generation's native memory; one built by a revision that is gone may fail to, and that is logged. */
    private static void free(DrainableModels.Served<?> served, DrainableModels.Generation<?> g, String coordinates) {
        try {
            served.free(g);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Closing model {} failed: {}", coordinates, e.toString());
        } finally {
            served.freed(g);
        }
    }

    private static void closeQuietly(Object model, String coordinates) {
        try {
            ((AutoCloseable) model).close();
        } catch (Exception | LinkageError e) {
            LOG.warn("Closing model {} failed: {}", coordinates, e.toString());
        }
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

    /** Stops: called after every entry was untracked. Drains on shutdown are short: the JVM is going away. */
    void close() throws InterruptedException {
        loop.shutdown();
        loop.awaitTermination(30, TimeUnit.SECONDS);
        drainer.shutdown();
        drainer.awaitTermination(15, TimeUnit.SECONDS);
    }

    /** Drains from now on are short (at most 10 s): the extender is stopping. */
    void shuttingDown() {
        shuttingDown = true;
    }
}
