package org.skingpt.language.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;
import org.skingpt.api.model.ModelLoadException;
import org.skingpt.nn.Weights;

/**
 * A Llama-family {@link LanguageModel}: the decoder and its tokenizer.
 *
 * <p>Build one with {@link #load(ModelDescriptor, List, Path, Device, DataType)} from a descriptor
 * whose {@code hyperParameters} are the model's Hugging Face {@code config.json} (see
 * {@link LlamaConfig#fromHyperParameters}), its safetensors files (already checked against the
 * descriptor's checksums by the caller) and its {@code tokenizer.json}. Conversations are
 * independent and may run on different threads at once; each holds its own KV cache.
 * {@link #close()} frees the weights and the caches of conversations still open.
 */
public final class LlamaLanguageModel implements LanguageModel, AutoCloseable {

    /** The {@link ModelDescriptor#architecture()} this class runs. */
    public static final String ARCHITECTURE = "llama";

    private final ModelDescriptor descriptor;
    private final LlamaModel model;
    private final LlamaTokenizer tokenizer;
    private volatile boolean closed;

    /** Combines a loaded decoder and tokenizer; takes ownership of both. */
    public LlamaLanguageModel(ModelDescriptor descriptor, LlamaModel model, LlamaTokenizer tokenizer) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.model = Objects.requireNonNull(model, "model");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /**
     * Loads a language model.
     *
     * @param descriptor  a {@link ModelKind#LANGUAGE_MODEL} of architecture {@value #ARCHITECTURE}
     * @param weightFiles its safetensors files (F32, F16 or BF16; any split into files)
     * @param tokenizer   its {@code tokenizer.json}
     * @param device      where to run, for example {@code Device.cpu()} or {@code Device.gpu(0)}
     * @param computeType FLOAT32, or FLOAT16 to halve memory on a GPU
     * @throws ModelLoadException naming what does not fit: kind, architecture, a hyper-parameter,
     *                            the tokenizer file, or a missing or mis-shaped tensor
     */
    public static LlamaLanguageModel load(ModelDescriptor descriptor, List<Path> weightFiles, Path tokenizer, Device device,
                                          DataType computeType) {
        if (descriptor.kind() != ModelKind.LANGUAGE_MODEL) {
            throw new ModelLoadException(descriptor.coordinates() + " is a " + descriptor.kind() + ", not a language model.");
        }
        if (!ARCHITECTURE.equals(descriptor.architecture())) {
            throw new ModelLoadException(descriptor.coordinates() + " has architecture '" + descriptor.architecture()
                    + "'; this runtime runs '" + ARCHITECTURE + "'.");
        }
        if (weightFiles.isEmpty()) {
            throw new ModelLoadException(descriptor.coordinates() + " has no weight files.");
        }
        LlamaConfig config = LlamaConfig.fromHyperParameters(descriptor.hyperParameters());
        LlamaTokenizer loadedTokenizer = LlamaTokenizer.load(tokenizer);
        try {
            NDManager manager = NDManager.newBaseManager(device);
            Weights weights;
            try {
                weights = Weights.open(manager, computeType, weightFiles);
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
            return new LlamaLanguageModel(descriptor, LlamaModel.load(config, weights, computeType), loadedTokenizer);
        } catch (RuntimeException e) {
            loadedTokenizer.close();
            throw e;
        }
    }

    /** Loads a language model computing in float32; see {@link #load(ModelDescriptor, List, Path, Device, DataType)}. */
    public static LlamaLanguageModel load(ModelDescriptor descriptor, List<Path> weightFiles, Path tokenizer, Device device) {
        return load(descriptor, weightFiles, tokenizer, device, DataType.FLOAT32);
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** The decoder's hyper-parameters. */
    public LlamaConfig config() {
        return model.config();
    }

    /** The decoder itself. */
    LlamaModel decoder() {
        return model;
    }

    @Override
    public int embeddingWidth() {
        return model.config().hiddenSize();
    }

    @Override
    public int contextLength() {
        return model.config().contextLength();
    }

    @Override
    public Conversation openConversation() {
        if (closed) {
            throw new IllegalStateException(descriptor.coordinates() + " has been closed");
        }
        return new LlamaConversation(model, tokenizer);
    }

    @Override
    public int countTokens(String text) {
        return tokenizer.encode(text).length;
    }

    /** Frees the weights, the tokenizer and the caches of conversations still open. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            model.close();
            tokenizer.close();
        }
    }
}
