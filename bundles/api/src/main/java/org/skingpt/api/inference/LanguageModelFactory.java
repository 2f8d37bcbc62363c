package org.skingpt.api.inference;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.skingpt.api.model.ModelDescriptor;

/**
 * A language-model architecture (for example {@code llama}), registered as a service by the bundle
 * that implements it, with the service property {@value ImageEncoderFactory#ARCHITECTURE_PROPERTY}.
 */
@ConsumerType
public interface LanguageModelFactory {

    /** The architecture name model descriptors use. */
    String architecture();

    /**
     * Loads a language model. Checksums are the caller's job; shapes and hyper-parameters are
     * checked here.
     *
     * @param descriptor  the model's descriptor (its architecture must be {@link #architecture()})
     * @param weightFiles safetensors files
     * @param tokenizer   the model's {@code tokenizer.json}
     * @param device      device name as {@code org.skingpt.runtime.InferenceRuntime.defaultDevice()} gives it
     * @throws org.skingpt.api.model.ModelLoadException naming what is wrong
     */
    LanguageModel load(ModelDescriptor descriptor, List<Path> weightFiles, Path tokenizer, String device);
}
