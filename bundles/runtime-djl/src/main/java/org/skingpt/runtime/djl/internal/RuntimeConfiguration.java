package org.skingpt.runtime.djl.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the tensor engine (PID {@code org.skingpt.runtime.djl}). */
@ObjectClassDefinition(
        name = "SkinGPT inference runtime",
        description = "Threads and device of the DJL / PyTorch engine. Natives load once per JVM; these settings apply at once.")
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
}
