package org.skingpt.vision.internal;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelLoadException;
import org.skingpt.nn.Weights;

/**
 * The MiniGPT-4 / SkinGPT-4 image encoder ({@code minigpt4-vision}): bicubic resize and CLIP
 * normalisation, EVA ViT, {@code ln_vision}, BLIP-2 Q-Former, projection to the language model's
 * width. Parameter names are LAVIS's, so a converted MiniGPT-4 checkpoint loads as it is.
 *
 * <p>Thread-safe: parameters are read-only after construction and each {@link #encode} works in its
 * own child {@link NDManager}, closed before it returns, so concurrent calls share nothing mutable
 * and leave no native memory behind. Runs on any DJL device; compute type FLOAT32, or FLOAT16 where
 * the engine supports it (a GPU).
 *
 * <p>Close it to free its parameters, once no {@link #encode} is running; encoding after
 * {@link #close()} fails.
 */
public final class MiniGpt4VisionEncoder implements ImageEncoder, AutoCloseable {

    private final ModelDescriptor descriptor;
    private final VisionConfig config;
    private final DataType computeType;
    private final NDManager parameters;
    private final ImagePreprocessor preprocessor;
    private final EvaVit vit;
    private final Norm lnVision;
    private final QFormer qformer;
    private final Projection projection;
    private final FindingHeads findingHeads;
    /** The K tokens the language model reads of the finding network ({@code finding_network.tokens}), or null. */
    private final Dense findingTokens;
    private final int findingTokenCount;

    /**
     * Builds the encoder from weights already opened. The tensors it needs are moved into a manager
     * of its own on the weights' device, so the caller may close {@code weights} afterwards (it
     * must: tensors the encoder does not use stay with it).
     *
     * @param descriptor model description; its hyper-parameters follow {@link VisionConfig}
     * @param weights    weights opened in the compute type (FLOAT32 or FLOAT16)
     * @throws ModelLoadException when the architecture is not {@code minigpt4-vision}, the
     *                            hyper-parameters are invalid, or a tensor is missing or mis-shaped
     */
    public MiniGpt4VisionEncoder(ModelDescriptor descriptor, Weights weights) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.config = configOf(descriptor);
        this.parameters = NDManager.newBaseManager(weights.manager().getDevice());
        parameters.setName(VisionConfig.ARCHITECTURE + ":" + descriptor.coordinates());
        try {
            Parameters p = new Parameters(weights, parameters);
            this.vit = EvaVit.load(p, config);
            this.lnVision = Norm.load(p, "ln_vision", config.vitWidth(), config.lnVisionEps());
            this.qformer = QFormer.load(p, config);
            this.projection = Projection.load(p, config);
            Map<String, List<String>> declared = declaredFindings(descriptor);
            FindingNetwork.Spec network = declaredNetwork(descriptor, config.imageSize(), declared.keySet());
            this.findingHeads = FindingHeads.load(p, declared, config.vitWidth(), network, config.imageSize());
            this.findingTokenCount = network == null ? 0 : network.tokens();
            this.findingTokens = findingTokenCount == 0 ? null : Dense.load(p, FindingNetwork.TOKENS_TENSOR,
                    (long) findingTokenCount * projection.outputWidth(), network.featureWidth());
            this.computeType = lnVision.weight().getDataType();
        } catch (RuntimeException e) {
            parameters.close();
            if (e instanceof ModelLoadException m) {
                throw new ModelLoadException(descriptor.coordinates() + ": " + m.getMessage(), m);
            }
            throw e;
        }
        if (computeType != DataType.FLOAT32 && computeType != DataType.FLOAT16) {
            parameters.close();
            throw new ModelLoadException(descriptor.coordinates() + ": compute type must be FLOAT32 or FLOAT16, got " + computeType);
        }
        this.preprocessor = new ImagePreprocessor(config.imageSize(), config.imageMean(), config.imageStd());
    }

    /**
     * Opens safetensors files and builds the encoder on a device.
     *
     * @param descriptor  model description ({@code minigpt4-vision})
     * @param weightFiles the model's safetensors files (already checksum-verified by the caller)
     * @param device      where to compute, for example {@code Device.cpu()} or {@code Device.gpu(0)}
     * @param computeType FLOAT32, or FLOAT16 on a GPU; stored F32/F16/BF16 tensors are converted
     * @throws ModelLoadException naming what is wrong
     */
    public static MiniGpt4VisionEncoder load(ModelDescriptor descriptor, List<Path> weightFiles, Device device,
                                             DataType computeType) {
        if (computeType != DataType.FLOAT32 && computeType != DataType.FLOAT16) {
            throw new ModelLoadException(descriptor.coordinates() + ": compute type must be FLOAT32 or FLOAT16, got " + computeType);
        }
        try (Weights weights = Weights.open(NDManager.newBaseManager(device), computeType, weightFiles)) {
            return new MiniGpt4VisionEncoder(descriptor, weights);
        }
    }

    /** {@link #load(ModelDescriptor, List, Device, DataType)} in FLOAT32. */
    public static MiniGpt4VisionEncoder load(ModelDescriptor descriptor, List<Path> weightFiles, Device device) {
        return load(descriptor, weightFiles, device, DataType.FLOAT32);
    }

    /**
     * Checks that this encoder's tokens fit a language model.
     *
     * @throws ModelLoadException when the widths differ, naming both models
     */
    public static void requireCompatible(ImageEncoder encoder, int languageModelWidth, String languageModelName) {
        if (encoder.outputWidth() != languageModelWidth) {
            throw new ModelLoadException("Image encoder " + encoder.descriptor().coordinates() + " produces "
                    + encoder.outputWidth() + "-wide visual tokens but language model " + languageModelName
                    + " embeds tokens in " + languageModelWidth + " dimensions; they cannot be paired.");
        }
    }

    private static java.util.Map<String, List<String>> declaredFindings(ModelDescriptor descriptor) {
        try {
            return FindingHeads.declared(descriptor.hyperParameters());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    private static FindingNetwork.Spec declaredNetwork(ModelDescriptor descriptor, int imageSize,
                                                      java.util.Set<String> declaredHeads) {
        try {
            return FindingNetwork.declared(descriptor.hyperParameters(), imageSize, declaredHeads);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    private static VisionConfig configOf(ModelDescriptor descriptor) {
        if (!VisionConfig.ARCHITECTURE.equals(descriptor.architecture())) {
            throw new ModelLoadException(descriptor.coordinates() + ": architecture '" + descriptor.architecture()
                    + "' is not " + VisionConfig.ARCHITECTURE);
        }
        try {
            return VisionConfig.fromHyperParameters(descriptor.hyperParameters());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(descriptor.coordinates() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** The validated hyper-parameters. */
    public VisionConfig config() {
        return config;
    }

    @Override
    public int imageSize() {
        return config.imageSize();
    }

    @Override
    public int outputTokens() {
        return config.numQueryTokens() + findingTokenCount;
    }

    @Override
    public int outputWidth() {
        return projection.outputWidth();
    }

    @Override
    public ImageEmbedding encode(RgbImage image) {
        Objects.requireNonNull(image, "image");
        float[] chw = preprocessor.toChw(image);
        requireSize(chw);
        int s = config.imageSize();
        try (NDManager scope = parameters.newSubManager()) {
            NDArray pixels = scope.create(chw, new Shape(1, 3, s, s)).toType(computeType, false);
            NDArray vision = lnVision.apply(vit.forward(pixels));
            NDArray tokens = projection.forward(qformer.forward(vision)).reshape(config.numQueryTokens(), outputWidth());
            NDArray networkFeatures = findingHeads.networkFeatures(pixels);
            if (findingTokens != null) {
                // The finding network's reading as K more tokens, after the Q-Former's (FindingNetwork, "tokens").
                tokens = tokens.concat(findingTokens.apply(networkFeatures).reshape(findingTokenCount, outputWidth()), 0);
            }
            return new FloatImageEmbedding(outputTokens(), outputWidth(),
                    tokens.toType(DataType.FLOAT32, false).toFloatArray(), findingHeads.read(networkFeatures, vision));
        }
    }

    private void requireSize(float[] chw) {
        int s = config.imageSize();
        if (chw.length != 3 * s * s) {
            throw new IllegalArgumentException("expected " + (3 * s * s) + " normalised pixel values, got " + chw.length);
        }
    }

    /**
     * Runs ViT, {@code ln_vision}, Q-Former and projection on pixels already resized and normalised
     * (CHW, {@code 3 x image_size x image_size}); returns the visual tokens, token-major.
     */
    float[] encodeNormalized(float[] chw) {
        requireSize(chw);
        int s = config.imageSize();
        try (NDManager scope = parameters.newSubManager()) {
            NDArray pixels = scope.create(chw, new Shape(1, 3, s, s)).toType(computeType, false);
            NDArray tokens = projection.forward(qformer.forward(lnVision.apply(vit.forward(pixels))));
            return tokens.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /**
     * The ViT's output after {@code ln_vision}, averaged over its tokens: what the Q-Former reads, pooled (for the
     * training module's linear probes, which compare it with the visual tokens to see where an attribute is lost).
     */
    public float[] vitMean(RgbImage image) {
        Objects.requireNonNull(image, "image");
        return vitMeanNormalized(preprocessor.toChw(image));
    }

    /** {@link #vitMean(RgbImage)} of pixels already resized and normalised (CHW, {@code 3 x image_size x image_size}). */
    public float[] vitMeanNormalized(float[] chw) {
        requireSize(chw);
        int s = config.imageSize();
        try (NDManager scope = parameters.newSubManager()) {
            NDArray pixels = scope.create(chw, new Shape(1, 3, s, s)).toType(computeType, false);
            NDArray tokens = lnVision.apply(vit.forward(pixels));
            // [tokens, width] or [1, tokens, width]: the mean over the tokens either way.
            int tokenAxis = tokens.getShape().dimension() - 2;
            return tokens.mean(new int[] {tokenAxis}).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /**
     * The manager owning the parameters; every call's scope is a sub-manager of it, so what a call
     * leaves open shows here (for tests).
     */
    NDManager parameters() {
        return parameters;
    }

    /** Frees the parameters. */
    @Override
    public void close() {
        parameters.close();
    }
}
