package org.skingpt.console.internal.status;

import org.skingpt.runtime.InferenceRuntime;
import org.skingpt.runtime.LibtorchInUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot of the inference engine as the status page shows it.
 *
 * @param state Ready, Starting or Unavailable
 * @param engineName e.g. {@code PyTorch}; {@code null} unless the engine service is present
 * @param engineVersion native library version, e.g. {@code 2.7.1}
 * @param bindingVersion DJL version, e.g. {@code 0.36.0}
 * @param device default device, e.g. {@code cpu()}
 * @param gpuCount GPUs the engine can use
 * @param intraOpThreads intra-op threads
 * @param interOpThreads inter-op threads
 * @param problem why the engine is unavailable, or {@code null}
 * @param libtorch which libtorch the engine runs on, with the runtime's libtorch problem (for example a
 *        configured CUDA build that was refused); {@code null} when the runtime does not report it
 */
public record EngineStatus(State state, String engineName, String engineVersion, String bindingVersion,
        String device, int gpuCount, int intraOpThreads, int interOpThreads, String problem, LibtorchInUse libtorch) {

    private static final Logger LOG = LoggerFactory.getLogger(EngineStatus.class);
    private static volatile String lastProblem;

    /** Engine state as shown to users. */
    public enum State {
        READY("Ready"),
        STARTING("Starting\u2026"),
        UNAVAILABLE("Unavailable");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** The text the status page shows (and browser tests read). */
        public String label() {
            return label;
        }
    }

    /** The engine service is not (yet) registered: the runtime bundle is still starting. */
    public static final EngineStatus STARTING =
            new EngineStatus(State.STARTING, null, null, null, null, 0, 0, 0, null, null);

    /**
     * Reads the engine service and proves it computes: a 2-element dot product through the
     * native library (microseconds).
     *
     * @param runtime the engine service, or {@code null} when it is not registered
     */
    public static EngineStatus of(InferenceRuntime runtime) {
        if (runtime == null) {
            return STARTING;
        }
        try {
            String name = runtime.engineName();
            String version = runtime.engineVersion();
            String binding = runtime.bindingVersion();
            String device = runtime.defaultDevice();
            int gpus = runtime.gpuCount();
            int intra = runtime.intraOpThreads();
            int inter = runtime.interOpThreads();
            LibtorchInUse libtorch = libtorch(runtime);
            String problem = null;
            State state = State.READY;
            double dot = runtime.dot(new float[] {1f, 2f}, new float[] {3f, 4f});
            if (Math.abs(dot - 11.0) > 1e-4) {
                state = State.UNAVAILABLE;
                problem = "Health check computed " + dot + " instead of 11.";
            }
            lastProblem = problem;
            return new EngineStatus(state, name, version, binding, device, gpus, intra, inter, problem, libtorch);
        } catch (RuntimeException | LinkageError e) {
            String problem = "Health check failed: " + e.getClass().getSimpleName();
            // The status page asks every few seconds: log a failure once, not on every refresh.
            if (!problem.equals(lastProblem)) {
                LOG.warn("Inference engine health check failed", e);
            } else {
                LOG.debug("Inference engine health check failed", e);
            }
            lastProblem = problem;
            return new EngineStatus(State.UNAVAILABLE, null, null, null, null, 0, 0, 0, problem, null);
        }
    }

    /**
     * The console imports {@code org.skingpt.runtime} from 1.0 on (the runtime is never updated in
     * place, so an updated console may meet an older one): a runtime without {@code libtorch()} (1.1)
     * fails to link here, and the page shows the rest.
     */
    private static LibtorchInUse libtorch(InferenceRuntime runtime) {
        try {
            return runtime.libtorch();
        } catch (LinkageError e) {
            return null;
        }
    }

    /**
     * What an admin should read about libtorch: the runtime's problem (a configured build refused, no
     * GPU seen) and a change waiting for a restart; {@code ""} when there is nothing.
     */
    public String libtorchNotice() {
        if (libtorch == null) {
            return "";
        }
        return (libtorch.problem() + " " + libtorch.pendingChange()).strip();
    }

    /** Whether engine details are known. */
    public boolean hasDetails() {
        return engineName != null;
    }
}
