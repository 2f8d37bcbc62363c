package org.skingpt.runtime.djl.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the tensor engine (PID {@code org.skingpt.runtime.djl}). */
@ObjectClassDefinition(
        name = "SkinGPT inference runtime",
        description = "Threads, device and libtorch of the DJL / PyTorch engine. Threads and device apply at once; "
                + "libtorchDirectory at the next restart (natives load once per JVM).")
@interface RuntimeConfiguration {

    @AttributeDefinition(
            name = "Intra-op threads",
            description = "Threads one tensor operation may use on the CPU. 0 keeps the engine's default "
                    + "(system property ai.djl.pytorch.num_threads, else the number of cores). On small, busy "
                    + "machines 1 is often faster than 2.",
            min = "0", max = "256")
    int intraOpThreads() default 0;

    @AttributeDefinition(
            name = "Device",
            description = "Device for new models: 'auto' (first GPU when the engine reports one, else CPU), "
                    + "'cpu', or 'gpu' / 'gpu:N'.")
    String device() default "auto";

    @AttributeDefinition(
            name = "libtorch directory",
            description = "Local directory holding a CUDA build of libtorch whose version matches this DJL build "
                    + "(the 'libtorch' folder of PyTorch's archive, or its 'lib' folder). Empty: the embedded CPU build. "
                    + "Checked at start; a directory that is missing, incomplete or of another version is refused with "
                    + "a message and the embedded CPU build is used. Takes effect at the next restart (natives load once "
                    + "per JVM). Nothing is ever downloaded.",
            required = false)
    String libtorchDirectory() default "";
}
