package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The encoder's optional <em>finding network</em> (issue 23): a small convolutional network on the pixels that some
 * finding heads read instead of the ViT. It exists because the demo ViT (7 × 7 patches of 32 pixels, trained for the
 * condition) does not see what lies in a patch's detail — a second lesion, how sharp an edge is — and answers
 * stated those from the condition alone; a network trained for them reads them from the image.
 *
 * <p>Declared in the descriptor's hyper-parameters: {@code finding_network.image_size} (the side it reads; divides
 * {@code image_size}: the encoder's normalised input is averaged over square blocks down to it),
 * {@code finding_network.channels} (each layer's output channels) and {@code finding_network.findings} (the heads that
 * read it, each declared as {@code findings.<name>}). Layer {@code i}: a convolution with stride 2 and zero padding of
 * half the kernel (5 × 5 for the first layer, 3 × 3 after), {@code finding_network.conv.<i>.weight [out, in, k, k]} and
 * {@code .bias [out]}; a layer norm over the channels, {@code finding_network.norm.<i>.weight [out]} and {@code .bias
 * [out]} (eps 1e-5); ReLU. Its features: the last layer's mean over the positions, then its maximum ({@code [2 × last
 * channels]}), which those heads' {@code findings.<name>.weight [classes, 2 × last channels]} read.
 *
 * <p>Optionally, {@code finding_network.tokens} (K, 1 to 16): the language model reads the network too, as K more visual
 * tokens after the Q-Former's, {@code finding_network.tokens.weight [K × llm_width, 2 × last channels]} and {@code
 * .bias [K × llm_width]} applied to its features and cut into K rows. A decoder given only the Q-Former's tokens states a
 * border or a diameter it cannot see; given these it can learn to state what the network sees, and to leave out what
 * it is unsure of (docs/models.md).
 */
public final class FindingNetwork {

    public static final String PREFIX = "finding_network.";
    public static final String IMAGE_SIZE = PREFIX + "image_size";
    public static final String CHANNELS = PREFIX + "channels";
    public static final String FINDINGS = PREFIX + "findings";
    public static final String TOKENS = PREFIX + "tokens";
    /** The tensors of the tokens the language model reads: {@code <TOKENS>.weight} and {@code .bias}. */
    public static final String TOKENS_TENSOR = TOKENS;
    static final float EPS = 1e-5f;

    /** The hyper-parameters of a network: its input side, each layer's output channels and the heads it feeds. */
    public record Spec(int imageSize, List<Integer> channels, List<String> findings, int tokens) {

        public Spec(int imageSize, List<Integer> channels, List<String> findings) {
            this(imageSize, channels, findings, 0);
        }

        /** Width of the features the heads read. */
        public int featureWidth() {
            return 2 * channels.get(channels.size() - 1);
        }

        public static int kernel(int layer) {
            return layer == 0 ? 5 : 3;
        }
    }

    private record Layer(NDArray weight, NDArray bias, NDArray normWeight, NDArray normBias) {
    }

    private final Spec spec;
    private final int encoderImageSize;
    private final List<Layer> layers;

    private FindingNetwork(Spec spec, int encoderImageSize, List<Layer> layers) {
        this.spec = spec;
        this.encoderImageSize = encoderImageSize;
        this.layers = List.copyOf(layers);
    }

    /**
     * The network the hyper-parameters declare, or {@code null} when they declare none.
     *
     * @param declaredHeads the heads declared as {@code findings.<name>}
     * @throws IllegalArgumentException naming the key and what it must be
     */
    static Spec declared(Map<String, ?> hyperParameters, int encoderImageSize, java.util.Set<String> declaredHeads) {
        boolean any = hyperParameters.keySet().stream().anyMatch(k -> k.startsWith(PREFIX));
        if (!any) {
            return null;
        }
        for (String key : hyperParameters.keySet()) {
            if (key.startsWith(PREFIX) && !key.equals(IMAGE_SIZE) && !key.equals(CHANNELS) && !key.equals(FINDINGS)
                    && !key.equals(TOKENS)) {
                throw new IllegalArgumentException("unknown hyper-parameter '" + key + "'; a finding network has "
                        + IMAGE_SIZE + ", " + CHANNELS + ", " + FINDINGS + " and optionally " + TOKENS);
            }
        }
        int side = positive(hyperParameters.get(IMAGE_SIZE), IMAGE_SIZE, "e.g. 112");
        if (side < 16 || encoderImageSize % side != 0) {
            throw new IllegalArgumentException("hyper-parameter '" + IMAGE_SIZE + "' must be at least 16 and divide the"
                    + " encoder's image_size " + encoderImageSize + ", not " + side);
        }
        if (!(hyperParameters.get(CHANNELS) instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("hyper-parameter '" + CHANNELS + "' must list each layer's output"
                    + " channels, e.g. [24, 48, 96, 128], not " + hyperParameters.get(CHANNELS));
        }
        List<Integer> channels = new ArrayList<>();
        for (Object c : list) {
            channels.add(positive(c, CHANNELS, "each a whole number of channels"));
        }
        if (!(hyperParameters.get(FINDINGS) instanceof List<?> names) || names.isEmpty()) {
            throw new IllegalArgumentException("hyper-parameter '" + FINDINGS + "' must list the findings that read"
                    + " the network, e.g. [\"count\"], not " + hyperParameters.get(FINDINGS));
        }
        List<String> findings = new ArrayList<>();
        for (Object n : names) {
            String name = String.valueOf(n);
            if (!declaredHeads.contains(name) || findings.contains(name)) {
                throw new IllegalArgumentException("hyper-parameter '" + FINDINGS + "': '" + name + "' is "
                        + (findings.contains(name) ? "listed twice" : "not a declared head (declare it as "
                        + FindingHeads.PREFIX + name + ": [its classes])"));
            }
            findings.add(name);
        }
        int tokens = 0;
        if (hyperParameters.containsKey(TOKENS)) {
            tokens = positive(hyperParameters.get(TOKENS), TOKENS, "the visual tokens the language model reads of it");
            if (tokens > 16) {
                throw new IllegalArgumentException("hyper-parameter '" + TOKENS + "' must be from 1 to 16, not " + tokens);
            }
        }
        return new Spec(side, List.copyOf(channels), List.copyOf(findings), tokens);
    }

    private static int positive(Object value, String key, String example) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1
                && n.doubleValue() <= 4096) {
            return n.intValue();
        }
        throw new IllegalArgumentException("hyper-parameter '" + key + "' must be a whole number from 1 to 4096 ("
                + example + "), not " + value);
    }

    /** Reads the network's tensors; a missing or mis-shaped one fails the load, naming it. */
    static FindingNetwork load(Parameters p, Spec spec, int encoderImageSize) {
        List<Layer> layers = new ArrayList<>();
        long in = 3;
        for (int i = 0; i < spec.channels().size(); i++) {
            long out = spec.channels().get(i);
            long k = Spec.kernel(i);
            String conv = PREFIX + "conv." + i;
            String norm = PREFIX + "norm." + i;
            layers.add(new Layer(p.get(conv + ".weight", out, in, k, k), p.get(conv + ".bias", out),
                    p.get(norm + ".weight", out), p.get(norm + ".bias", out)));
            in = out;
        }
        return new FindingNetwork(spec, encoderImageSize, layers);
    }

    Spec spec() {
        return spec;
    }

    /**
     * The features of a batch of images.
     *
     * @param pixels the encoder's normalised input {@code [batch, 3, image_size, image_size]}
     * @return {@code [batch, 2 × last channels]}, in {@code pixels}' manager
     */
    NDArray features(NDArray pixels) {
        return features(pixels, layers.stream().map(l -> new NDArray[] {l.weight, l.bias, l.normWeight, l.normBias})
                .toList(), encoderImageSize / spec.imageSize());
    }

    /**
     * The network's computation on given parameters (each layer's conv weight, conv bias, norm weight, norm bias), so
     * that a trainer computes exactly what the encoder does.
     *
     * @param block the side of the square blocks the input is averaged over first (1: none)
     */
    public static NDArray features(NDArray pixels, List<NDArray[]> layers, int block) {
        NDArray x = pixels;
        if (block > 1) {
            Shape s = x.getShape();
            long n = s.get(0);
            long side = s.get(2) / block;
            x = x.reshape(n, 3, side, block, side, block).mean(new int[] {5}).mean(new int[] {3});
        }
        for (int i = 0; i < layers.size(); i++) {
            NDArray[] l = layers.get(i);
            int pad = Spec.kernel(i) / 2;
            x = Conv2d.conv2d(x, l[0], l[1], new Shape(2, 2), new Shape(pad, pad), new Shape(1, 1), 1).singletonOrThrow();
            // Layer norm over the channels: channels last, normalised, back.
            NDArray nhwc = x.transpose(0, 2, 3, 1);
            nhwc = LayerNorm.layerNorm(nhwc, new Shape(l[2].getShape().get(0)), l[2], l[3], EPS).singletonOrThrow();
            x = Activation.relu(nhwc).transpose(0, 3, 1, 2);
        }
        Shape s = x.getShape();
        NDArray flat = x.reshape(s.get(0), s.get(1), -1);
        return flat.mean(new int[] {2}).concat(flat.max(new int[] {2}), 1);
    }
}
