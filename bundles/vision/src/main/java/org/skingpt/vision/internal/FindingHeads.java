package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.skingpt.api.inference.ImageFinding;

/**
 * The encoder's optional classification heads: each reads the ViT's output after {@code ln_vision},
 * averaged over its tokens (what the Q-Former reads, pooled), through one linear layer, and names its likeliest
 * class as an {@link ImageFinding}. They exist because a small Q-Former may drop what the ViT sees (the demo
 * model's Fitzpatrick skin type: 83% in the ViT, 32% in the visual tokens); they never change the visual tokens.
 *
 * <p>Declared in the descriptor's hyper-parameters as {@code "findings.<name>": ["<class>", ...]} (names and
 * classes in lower-case letters, digits and {@code _}), stored as {@code findings.<name>.weight [classes,
 * vit_width]} and {@code findings.<name>.bias [classes]}. A MiniGPT-4 checkpoint declares none.
 */
final class FindingHeads {

    /** Hyper-parameter keys that declare a head start with this. */
    static final String PREFIX = "findings.";
    private static final Pattern CODE = Pattern.compile("[a-z0-9_]+");

    /** A head: its name, classes and linear layer, and whether it reads the finding network (else the ViT). */
    private record Head(String name, List<String> classes, Dense dense, boolean readsNetwork) {
    }

    private final List<Head> heads;
    private final FindingNetwork network;

    private FindingHeads(List<Head> heads, FindingNetwork network) {
        this.heads = List.copyOf(heads);
        this.network = network;
    }

    /**
     * The heads the hyper-parameters declare, by name, with their classes, in key order.
     *
     * @throws IllegalArgumentException naming the key when a name or class is not a code, a class repeats, or
     *                                  fewer than two classes are listed
     */
    static Map<String, List<String>> declared(Map<String, ?> hyperParameters) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String key : new java.util.TreeSet<>(hyperParameters.keySet())) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String name = key.substring(PREFIX.length());
            if (!CODE.matcher(name).matches()) {
                throw new IllegalArgumentException("hyper-parameter '" + key + "': a finding's name is lower-case"
                        + " letters, digits and _ (e.g. findings.fitzpatrick)");
            }
            if (!(hyperParameters.get(key) instanceof List<?> list) || list.size() < 2) {
                throw new IllegalArgumentException("hyper-parameter '" + key + "' must list the head's classes, at"
                        + " least two, e.g. [\"1\", \"2\", \"3\"], not " + hyperParameters.get(key));
            }
            List<String> classes = new ArrayList<>();
            for (Object c : list) {
                String s = String.valueOf(c);
                if (!CODE.matcher(s).matches() || classes.contains(s)) {
                    throw new IllegalArgumentException("hyper-parameter '" + key + "': class '" + s + "' is "
                            + (classes.contains(s) ? "listed twice" : "not lower-case letters, digits and _"));
                }
                classes.add(s);
            }
            out.put(name, List.copyOf(classes));
        }
        return out;
    }

    /**
     * Reads the declared heads' tensors, and the finding network's where one is declared; a missing or mis-shaped
     * one fails the load like any other tensor.
     *
     * @param network the declared finding network, or {@code null}
     */
    static FindingHeads load(Parameters p, Map<String, List<String>> declared, int vitWidth,
                             FindingNetwork.Spec network, int imageSize) {
        List<Head> heads = new ArrayList<>();
        declared.forEach((name, classes) -> {
            boolean readsNetwork = network != null && network.findings().contains(name);
            int width = readsNetwork ? network.featureWidth() : vitWidth;
            heads.add(new Head(name, classes, Dense.load(p, PREFIX + name, classes.size(), width), readsNetwork));
        });
        return new FindingHeads(heads, network == null ? null : FindingNetwork.load(p, network, imageSize));
    }

    /**
     * The findings for one image.
     *
     * @param pixels the encoder's normalised input {@code [1, 3, image_size, image_size]} (what the finding network reads)
     * @param vision the ViT's output after {@code ln_vision}, {@code [tokens, width]} or {@code [1, tokens, width]}
     */
    List<ImageFinding> apply(NDArray pixels, NDArray vision) {
        return read(networkFeatures(pixels), vision);
    }

    /** The finding network's features of the pixels ({@code [1, width]}), or {@code null} where none is declared. */
    NDArray networkFeatures(NDArray pixels) {
        return network == null ? null : network.features(pixels); // pixels are in the compute type
    }

    /** The network's width of features, or 0 where none is declared. */
    int networkWidth() {
        return network == null ? 0 : network.spec().featureWidth();
    }

    /** {@link #apply(NDArray, NDArray)} with the network's features already computed ({@link #networkFeatures}). */
    List<ImageFinding> read(NDArray networkFeatures, NDArray vision) {
        if (heads.isEmpty()) {
            return List.of();
        }
        int tokenAxis = vision.getShape().dimension() - 2;
        NDArray pooled = vision.mean(new int[] {tokenAxis}).reshape(1, -1);
        List<ImageFinding> out = new ArrayList<>();
        for (Head h : heads) {
            NDArray input = h.readsNetwork() ? networkFeatures : pooled;
            float[] logits = h.dense().apply(input).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            double sum = 0;
            for (float l : logits) {
                sum += Math.exp(l - logits[best]);
            }
            out.add(new ImageFinding(h.name(), h.classes().get(best), 1 / sum));
        }
        return List.copyOf(out);
    }
}
