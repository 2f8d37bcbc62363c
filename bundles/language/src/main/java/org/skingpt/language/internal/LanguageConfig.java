package org.skingpt.language.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * How Llama models decode, PID {@value #PID} (file {@code etc/org.skingpt.language.cfg}). A change
 * re-registers the architecture, and the model extender rebuilds every Llama model with it behind the
 * same service (open conversations finish on the old one).
 */
@ObjectClassDefinition(id = LanguageConfig.PID, name = "SkinGPT language models",
        description = "Decoder of the Llama language models: libtorch or Java on the CPU, and batching of decode steps.")
public @interface LanguageConfig {

    String PID = "org.skingpt.language";

    @AttributeDefinition(name = "Decoder", description = "auto: Java on the CPU where it can run (CPU, float32, Vector API,"
            + " weights under a quarter of the heap), else libtorch; java: always Java (a model where it cannot run fails"
            + " to load, with the reason); djl: always libtorch.",
            options = {@Option(value = "auto"), @Option(value = "java"), @Option(value = "djl")})
    String decoder() default "auto";

    @AttributeDefinition(name = "Batching", description = "Decode the steps of all generating conversations of a model"
            + " together (Java decoder). Off: each conversation decodes alone, on its own thread.")
    boolean batching() default true;

    @AttributeDefinition(name = "Largest batch", description = "Most conversations in one decode step (2 to 256).",
            min = "2", max = "256")
    int maxBatch() default 16;

    @AttributeDefinition(name = "Decode threads", description = "Threads for one step's matrix products; 0: the runtime's"
            + " intra-op thread count (0 to 256).", min = "0", max = "256")
    int decodeThreads() default 0;
}
