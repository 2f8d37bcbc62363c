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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(LlamaLanguageModel.class);

    private final ModelDescriptor descriptor;
    private final Decoder decoder;
    private final LlamaTokenizer tokenizer;
    private volatile boolean closed;

    /** Combines a loaded decoder and tokenizer, computing through libtorch; takes ownership of both. */
    public LlamaLanguageModel(ModelDescriptor descriptor, LlamaModel model, LlamaTokenizer tokenizer) {
        this(descriptor, new DjlDecoder(Objects.requireNonNull(model, "model")), tokenizer);
    }

    private LlamaLanguageModel(ModelDescriptor descriptor, Decoder decoder, LlamaTokenizer tokenizer) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.decoder = decoder;
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
        return load(descriptor, weightFiles, tokenizer, device, computeType, DecodeOptions.LIBTORCH, 1);
    }

    /**
     * Loads a language model that decodes as {@code options} say: through libtorch, or in Java on the
     * CPU (then the libtorch copy of the weights is freed once copied: they are held once).
     *
     * @param runtimeThreads the runtime's intra-op thread count, used when {@code options.threads()} is 0
     * @throws ModelLoadException as the other overloads, and when {@code options} demand the Java decoder
     *                            where it cannot run (a GPU, float16, no Vector API)
     */
    public static LlamaLanguageModel load(ModelDescriptor descriptor, List<Path> weightFiles, Path tokenizer, Device device,
                                          DataType computeType, DecodeOptions options, int runtimeThreads) {
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
            LlamaModel model = LlamaModel.load(config, weights, computeType);
            Decoder decoder;
            try {
                decoder = decoder(descriptor, model, device, computeType, options, runtimeThreads);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            LOG.info("Model {} decodes with {}", descriptor.coordinates(), decoder.describe());
            return new LlamaLanguageModel(descriptor, decoder, loadedTokenizer);
        } catch (RuntimeException e) {
            loadedTokenizer.close();
            throw e;
        }
    }

    /**
     * Whether the Vector API works in this JVM. Asked here, outside {@link VectorKernels}: without the
     * {@code jdk.incubator.vector} module, merely initialising that class throws {@link NoClassDefFoundError}
     * (its fields are Vector API types), before any check inside it could run.
     */
    static boolean vectorApiAvailable() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorKernels.available();
        } catch (LinkageError e) {
            return false;
        }
    }

    private static Decoder decoder(ModelDescriptor descriptor, LlamaModel model, Device device, DataType computeType,
                                   DecodeOptions options, int runtimeThreads) {
        if (options.path().equals("djl")) {
            return new DjlDecoder(model);
        }
        String impossible = null;
        if (!device.isGpu() && computeType == DataType.FLOAT32) {
            if (!vectorApiAvailable()) {
                impossible = "the Java Vector API is not available (start the JVM with --add-modules=jdk.incubator.vector;"
                        + " the distribution's bin/setenv does)";
            }
        } else {
            impossible = "the Java decoder runs on the CPU in float32, and this model runs on " + device + " in " + computeType;
        }
        long bytes = model.parameterCount() * 4;
        long heap = Runtime.getRuntime().maxMemory();
        if (impossible == null && options.path().equals("auto") && bytes > heap / 4) {
            impossible = "its weights (" + bytes / (1 << 20) + " MiB) would take more than a quarter of the heap ("
                    + heap / (1 << 20) + " MiB); raise JAVA_MAX_MEM or set decoder = java";
        }
        if (impossible != null) {
            if (options.path().equals("java")) {
                throw new ModelLoadException(descriptor.coordinates() + " cannot use the Java decoder (decoder = java): "
                        + impossible + ". Set decoder = auto or djl.");
            }
            LOG.info("Model {} decodes through libtorch: {}", descriptor.coordinates(), impossible);
            return new DjlDecoder(model);
        }
        CpuLlama cpu = CpuLlama.of(model.config(), model.copyToHeap(),
                options.threads() == 0 ? Math.max(1, runtimeThreads) : options.threads(), descriptor.coordinates());
        model.close(); // the Java copy is the only one used from now on
        return new CpuDecoder(cpu, options.maxBatch(), descriptor.name() + "@" + descriptor.version());
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
        return decoder.config();
    }

    /** The libtorch decoder (for tests of that path). */
    LlamaModel decoder() {
        return ((DjlDecoder) decoder).model();
    }

    /** What computes: libtorch or the Java decoder, with its settings. */
    public String decoderDescription() {
        return decoder.describe();
    }

    /** Batched decode steps run so far and the conversation-steps in them (Java decoder with batching), else zeros. */
    public long[] decodeStepCounters() {
        return decoder instanceof CpuDecoder cpu ? cpu.counters() : new long[2];
    }

    /** Average conversations per decode step so far (Java decoder with batching), else 0. */
    public double averageBatch() {
        return decoder instanceof CpuDecoder cpu ? cpu.averageBatch() : 0;
    }

    @Override
    public int embeddingWidth() {
        return decoder.config().hiddenSize();
    }

    @Override
    public int contextLength() {
        return decoder.config().contextLength();
    }

    @Override
    public Conversation openConversation() {
        if (closed) {
            throw new IllegalStateException(descriptor.coordinates() + " has been closed");
        }
        return new LlamaConversation(decoder, tokenizer);
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
            decoder.close();
            tokenizer.close();
        }
    }
}
