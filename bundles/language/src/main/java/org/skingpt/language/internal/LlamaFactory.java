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
 * <p>Decoding follows {@link LanguageConfig}. A value that does not make sense is refused with a
 * logged reason and that key takes its default (the others are kept), so that models keep serving.
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

    /** The configured options; a value out of range is refused with a logged reason and only that key takes its default. */
    static DecodeOptions options(LanguageConfig config) {
        String decoder = config.decoder();
        int maxBatch = config.batching() ? config.maxBatch() : 1;
        int threads = config.decodeThreads();
        try {
            new DecodeOptions(decoder, 1, 0);
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {}: {}. Using decoder = auto.", LanguageConfig.PID, e.getMessage());
            decoder = "auto";
        }
        if (config.batching() && (maxBatch < 2 || maxBatch > 256)) {
            LOG.error("Configuration {}: maxBatch must be between 2 and 256 (batching = false turns batching off), not {}."
                    + " Using 16.", LanguageConfig.PID, maxBatch);
            maxBatch = 16;
        }
        try {
            new DecodeOptions("auto", 1, threads);
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {}: {}. Using 0 (the runtime's thread count).", LanguageConfig.PID, e.getMessage());
            threads = 0;
        }
        return new DecodeOptions(decoder, maxBatch, threads);
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
