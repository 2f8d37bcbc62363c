package org.skingpt.api.inference;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.skingpt.api.model.ModelDescriptor;

/**
 * An image-encoder architecture (for example {@code minigpt4-vision}), registered as a service by the
 * bundle that implements it, with the service property {@value #ARCHITECTURE_PROPERTY}. The model
 * extender uses it to turn a verified model bundle into an {@link ImageEncoder}.
 */
@ConsumerType
public interface ImageEncoderFactory {

    /** Service property naming the architecture. */
    String ARCHITECTURE_PROPERTY = "skingpt.architecture";

    /** The architecture name model descriptors use. */
    String architecture();

    /**
     * Loads an encoder. Checksums are the caller's job; shapes and hyper-parameters are checked here.
     *
     * @param descriptor  the model's descriptor (its architecture must be {@link #architecture()})
     * @param weightFiles safetensors files
     * @param device      device name as {@code org.skingpt.runtime.InferenceRuntime.defaultDevice()} gives it
     * @throws org.skingpt.api.model.ModelLoadException naming what is wrong
     */
    ImageEncoder load(ModelDescriptor descriptor, List<Path> weightFiles, String device);
}
