package org.skingpt.language.internal;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.skingpt.api.inference.ImageEncoderFactory;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.LanguageModelFactory;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.runtime.InferenceRuntime;

/**
 * Offers the {@code llama} architecture to the platform. It needs the {@link InferenceRuntime}:
 * DJL may be touched only once the runtime bundle has started its engine.
 */
@Component(service = LanguageModelFactory.class,
        property = ImageEncoderFactory.ARCHITECTURE_PROPERTY + "=" + LlamaLanguageModel.ARCHITECTURE)
public final class LlamaFactory implements LanguageModelFactory {

    private final InferenceRuntime runtime;

    @Activate
    public LlamaFactory(@Reference InferenceRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String architecture() {
        return LlamaLanguageModel.ARCHITECTURE;
    }

    @Override
    public LanguageModel load(ModelDescriptor descriptor, List<Path> weightFiles, Path tokenizer, String device) {
        return LlamaLanguageModel.load(descriptor, weightFiles, tokenizer,
                Device.fromName(device == null ? runtime.defaultDevice() : device));
    }
}
