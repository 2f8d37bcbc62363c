package org.skingpt.language.internal;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.inference.ImageEncoderFactory;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.LanguageModelFactory;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.runtime.InferenceRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers the {@code llama} architecture to the platform. It needs the {@link InferenceRuntime}:
 * DJL may be touched only once the runtime bundle has started its engine.
 *
 * <p>Decoding follows {@link LanguageConfig}. A configuration that does not make sense is refused
 * with a logged reason and the defaults are used, so that models keep serving.
 */
@Component(service = LanguageModelFactory.class, configurationPid = LanguageConfig.PID,
        property = ImageEncoderFactory.ARCHITECTURE_PROPERTY + "=" + LlamaLanguageModel.ARCHITECTURE)
@Designate(ocd = LanguageConfig.class)
public final class LlamaFactory implements LanguageModelFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LlamaFactory.class);

    private final InferenceRuntime runtime;
    private final DecodeOptions options;

    @Activate
    public LlamaFactory(@Reference InferenceRuntime runtime, LanguageConfig config) {
        this.runtime = runtime;
        this.options = options(config);
    }

    static DecodeOptions options(LanguageConfig config) {
        try {
            return new DecodeOptions(config.decoder(), config.batching() ? config.maxBatch() : 1, config.decodeThreads());
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {} refused: {}. Using decoder = auto, batching on, up to 16 conversations per step.",
                    LanguageConfig.PID, e.getMessage());
            return new DecodeOptions("auto", 16, 0);
        }
    }

    @Override
    public String architecture() {
        return LlamaLanguageModel.ARCHITECTURE;
    }

    @Override
    public LanguageModel load(ModelDescriptor descriptor, List<Path> weightFiles, Path tokenizer, String device) {
        return LlamaLanguageModel.load(descriptor, weightFiles, tokenizer,
                Device.fromName(device == null ? runtime.defaultDevice() : device), DataType.FLOAT32, options,
                runtime.intraOpThreads());
    }
}
