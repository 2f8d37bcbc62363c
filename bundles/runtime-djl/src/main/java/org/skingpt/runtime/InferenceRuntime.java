package org.skingpt.runtime;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Readiness service of the tensor engine. It is registered only once the engine has started
 * (native library loaded, a first tensor computed), so a component that references it mandatorily
 * never sees a half-started engine.
 */
@ProviderType
public interface InferenceRuntime {

    /** Engine name, for example {@code PyTorch}. */
    String engineName();

    /** Version of the native library the engine runs on, for example {@code 2.7.1}. */
    String engineVersion();

    /** Version of the Java binding (DJL), for example {@code 0.36.0}. */
    String bindingVersion();

    /** Device new models are placed on by default, for example {@code cpu()} or {@code gpu(0)}. */
    String defaultDevice();

    /** Number of GPUs the engine can use; 0 on a CPU-only machine. */
    int gpuCount();

    /** Intra-op threads the engine uses for one operation on the CPU. */
    int intraOpThreads();

    /** Inter-op threads the engine uses to run independent operations in parallel. */
    int interOpThreads();

    /**
     * Runs a tiny computation through the engine and returns its result: the sum of the
     * element-wise product of {@code a} and {@code b}. Used by health checks to prove that the
     * native library computes, not only that it loaded.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    double dot(float[] a, float[] b);

    /**
     * Native tensors the engine holds right now, in every open tensor manager of this JVM: the
     * weights of loaded models, the caches of open conversations, the temporaries of calls in
     * progress. While nothing loads, unloads or runs, the count stands still; installing and
     * uninstalling a model leaves it where it was, so a count that grows with each model swap is a
     * model whose native memory was not freed. For diagnostics: it walks every tensor, which takes
     * time proportional to their number.
     */
    long liveNativeArrays();

    /**
     * Which libtorch the engine runs on (the embedded CPU build or a configured directory, its
     * version and flavor) and, when a configured libtorch was refused or sees no GPU, why and what
     * to do. A default for runtimes (and test doubles) that do not report it.
     *
     * @since 1.1
     */
    default LibtorchInUse libtorch() {
        return new LibtorchInUse(LibtorchInUse.Source.UNKNOWN, "", engineVersion(), "", "", "");
    }
}
