package org.skingpt.vision.internal;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.ImageEncoderFactory;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.runtime.InferenceRuntime;

/**
 * Offers the {@code minigpt4-vision} architecture to the platform. It needs the
 * {@link InferenceRuntime}: DJL may be touched only once the runtime bundle has started its engine.
 */
@Component(service = ImageEncoderFactory.class,
        property = ImageEncoderFactory.ARCHITECTURE_PROPERTY + "=" + VisionConfig.ARCHITECTURE)
public final class MiniGpt4VisionFactory implements ImageEncoderFactory {

    private final InferenceRuntime runtime;

    @Activate
    public MiniGpt4VisionFactory(@Reference InferenceRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String architecture() {
        return VisionConfig.ARCHITECTURE;
    }

    @Override
    public ImageEncoder load(ModelDescriptor descriptor, List<Path> weightFiles, String device) {
        return MiniGpt4VisionEncoder.load(descriptor, weightFiles,
                Device.fromName(device == null ? runtime.defaultDevice() : device));
    }
}
