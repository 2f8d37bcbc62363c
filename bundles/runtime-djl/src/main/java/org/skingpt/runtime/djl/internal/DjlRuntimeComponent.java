package org.skingpt.runtime.djl.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.runtime.InferenceRuntime;
import org.skingpt.runtime.LibtorchInUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine once and announces it as an {@link InferenceRuntime} service.
 *
 * <p>Why a background thread: unpacking libtorch on first start takes seconds; Karaf's boot
 * must not wait for it (the console answers meanwhile and shows "starting").
 *
 * <p>Why the context class loader: {@code Engine}'s static initialiser finds its provider with
 * {@code ServiceLoader} through the TCCL. If any other loader is current at the first touch, the
 * engine is missing for the life of this bundle revision. The same holds for the Hugging Face
 * tokenizer's native library. So the first touch of both happens here, with this bundle's loader,
 * before anything can use DJL (consumers wait for the service).
 *
 * <p>Which libtorch: the embedded CPU build, or a CUDA build in the configured
 * {@code libtorchDirectory}, checked by {@link LibtorchSelection} before the engine loads (a wrong
 * native library cannot be unloaded, only avoided); the outcome is reported by the service.
 */
@Component(immediate = true, configurationPid = "org.skingpt.runtime.djl")
@Designate(ocd = RuntimeConfiguration.class)
public class DjlRuntimeComponent {

    private static final Logger LOG = LoggerFactory.getLogger(DjlRuntimeComponent.class);

    private final BundleContext context;
    private volatile RuntimeConfiguration configuration;
    private volatile ServiceRegistration<InferenceRuntime> registration;
    private volatile DjlInferenceRuntime runtime;
    private volatile LibtorchSelection libtorch;
    private volatile boolean active = true;
    private final Thread starter;

    @Activate
    public DjlRuntimeComponent(BundleContext context, RuntimeConfiguration configuration) {
        this.context = context;
        this.configuration = configuration;
        this.starter = new Thread(this::start, "skingpt-djl-engine-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void start() {
        long begin = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(DjlRuntimeComponent.class.getClassLoader());
        try {
            if (!"true".equals(System.getProperty("ai.djl.offline"))) {
                LOG.warn("ai.djl.offline is not set to true: DJL may try to download. Set it in etc/system.properties.");
            }
            LibtorchSelection selection = selectLibtorch(configuration);
            libtorch = selection;
            Engine engine = loadEngine(selection);
            // The Hugging Face tokenizer's native library finds itself through the TCCL too, in a
            // static initialiser that, once failed, fails for the life of this bundle revision.
            ai.djl.huggingface.tokenizers.jni.LibUtils.checkStatus();
            applyThreads(configuration);
            Device device = chooseDevice(engine, configuration);
            DjlInferenceRuntime candidate = new DjlInferenceRuntime(engine, device);
            candidate.setLibtorch(selection.report(LibUtils.getLibtorchPath(), engine.getVersion(), engine.getGpuCount(),
                    selection.pendingChange(configuration.libtorchDirectory())));
            String problem = candidate.libtorch().problem();
            if (!problem.isEmpty() && (selection.verdict() == null || !problem.equals(selection.verdict().problem()))) {
                LOG.warn("{}", problem); // a refusal was logged before the engine loaded; this is news
            }
            // Prove the natives compute before anyone is told the engine is ready.
            double check = candidate.dot(new float[] {1, 2, 3}, new float[] {4, 5, 6});
            if (check != 32.0) {
                throw new IllegalStateException("engine self-check computed " + check + " instead of 32");
            }
            synchronized (this) {
                if (!active) {
                    return;
                }
                runtime = candidate;
                registration = context.registerService(InferenceRuntime.class, candidate, properties(candidate));
            }
            LOG.info("Inference engine ready: {} {} (DJL {}), libtorch {}, device {}, {} GPU(s), {} intra-op threads, in {} ms",
                    candidate.engineName(), candidate.engineVersion(), candidate.bindingVersion(),
                    candidate.libtorch().summary(), candidate.defaultDevice(), candidate.gpuCount(),
                    candidate.intraOpThreads(), (System.nanoTime() - begin) / 1_000_000);
        } catch (Throwable e) {
            LOG.error("The inference engine could not start; no model can run until this is fixed: {}", e.toString(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Modified
    void modified(RuntimeConfiguration changed) {
        this.configuration = changed;
        DjlInferenceRuntime current = runtime;
        if (current == null) {
            return; // the starter thread reads the new configuration
        }
        LibtorchSelection selection = libtorch;
        if (selection != null) {
            String pending = selection.pendingChange(changed.libtorchDirectory());
            current.setLibtorch(withPendingChange(current.libtorch(), pending));
            if (!pending.isEmpty()) {
                LOG.warn("{}", pending);
            }
        }
        try {
            applyThreads(changed);
            current.setDevice(chooseDevice(Engine.getEngine("PyTorch"), changed));
            ServiceRegistration<InferenceRuntime> reg = registration;
            if (reg != null) {
                reg.setProperties(properties(current));
            }
            LOG.info("Inference runtime reconfigured: device {}, {} intra-op threads", current.defaultDevice(), current.intraOpThreads());
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration org.skingpt.runtime.djl refused, previous settings kept: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            active = false;
            if (registration != null) {
                registration.unregister();
                registration = null;
            }
        }
    }

    /** Checks the configured libtorch and tells DJL which one to load; logs a refusal where admins look. */
    private static LibtorchSelection selectLibtorch(RuntimeConfiguration configuration) {
        ExpectedLibtorch expected = ExpectedLibtorch.read(DjlRuntimeComponent.class.getClassLoader());
        LibtorchSelection selection =
                LibtorchSelection.prepare(expected, configuration.libtorchDirectory(), System::getenv, System.getProperties());
        LibtorchDirectoryCheck.Verdict verdict = selection.verdict();
        if (verdict != null && verdict.accepted()) {
            LOG.info("Loading libtorch {} ({}) from {} (libtorchDirectory)", verdict.version(), verdict.flavor(),
                    verdict.libraryDirectory());
        } else if (verdict != null) {
            LOG.error("{}", verdict.problem());
        }
        return selection;
    }

    /** Loads the engine; a configured libtorch that passed the check but fails to load is named in the error. */
    private static Engine loadEngine(LibtorchSelection selection) {
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            if (selection.usesConfiguredDirectory()) {
                // Natives may be half loaded now: no fallback in this JVM, only a clear way out.
                throw new IllegalStateException("libtorch from libtorchDirectory " + selection.verdict().libraryDirectory()
                        + " passed the version check but failed to load (" + e + "). Check that the directory holds the "
                        + "whole archive (the CUDA libraries too) and that the NVIDIA driver is installed; or remove "
                        + "libtorchDirectory from etc/org.skingpt.runtime.djl.cfg to use the embedded CPU build. Then "
                        + "restart Karaf.", e);
            }
            throw e;
        }
    }

    private static LibtorchInUse withPendingChange(LibtorchInUse in, String pending) {
        return new LibtorchInUse(in.source(), in.directory(), in.version(), in.flavor(), in.problem(),
                pending);
    }

    private static void applyThreads(RuntimeConfiguration configuration) {
        int threads = configuration.intraOpThreads();
        if (threads > 0) {
            JniUtils.setNumThreads(threads);
        }
    }

    private static Device chooseDevice(Engine engine, RuntimeConfiguration configuration) {
        DeviceChoice.Choice choice = DeviceChoice.choose(configuration.device(), engine.getGpuCount());
        return choice.type().equals("cpu") ? Device.cpu() : Device.gpu(choice.index());
    }

    private static Dictionary<String, Object> properties(DjlInferenceRuntime runtime) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("engine", runtime.engineName());
        p.put("engine.version", runtime.engineVersion());
        p.put("device", runtime.defaultDevice());
        return p;
    }
}
