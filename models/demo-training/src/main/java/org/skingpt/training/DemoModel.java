package org.skingpt.training;

import org.skingpt.vision.internal.FindingNetwork;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.skingpt.language.internal.LlamaConfig;
import org.skingpt.nn.Weights;
import org.skingpt.training.nn.Params;
import org.skingpt.training.nn.Tensors;
import org.skingpt.training.nn.TrainableLlama;
import org.skingpt.training.nn.TrainableVision;
import org.skingpt.vision.internal.VisionConfig;

/**
 * The whole demo model in training: image encoder and decoder in one parameter set, with the losses
 * of the three training steps.
 */
public final class DemoModel {

    private final Params params;
    private final TrainableVision vision;
    private final TrainableLlama llama;
    private final Map<String, Object> visionHyper;
    private final Map<String, Object> llamaHyper;

    public DemoModel(NDManager manager, long seed, int vocabSize) {
        this(manager, seed, vocabSize, false);
    }

    /** @param skinTypeTarget whether the Q-Former's step 0 also learns the Fitzpatrick type (issue 23) */
    public DemoModel(NDManager manager, long seed, int vocabSize, boolean skinTypeTarget) {
        this(manager, seed, vocabSize, skinTypeTarget, 0, 0);
    }

    /**
     * @param findingTokens visual tokens the decoder reads of the finding network, after the Q-Former's (0: none;
     *                      {@link FindingNetwork#TOKENS})
     * @param networkWidth  the width of the finding network's features (used where {@code findingTokens > 0})
     */
    public DemoModel(NDManager manager, long seed, int vocabSize, boolean skinTypeTarget, int findingTokens,
                     int networkWidth) {
        this.llamaHyper = DemoSpec.llamaHyperParameters(vocabSize);
        LlamaConfig lc = LlamaConfig.fromHyperParameters(llamaHyper);
        this.visionHyper = DemoSpec.visionHyperParameters(lc.hiddenSize());
        VisionConfig vc = VisionConfig.fromHyperParameters(visionHyper);
        this.params = new Params(manager, seed);
        this.vision = new TrainableVision(vc, params, lc.hiddenSize());
        this.llama = new TrainableLlama(lc, params);
        if (skinTypeTarget) {
            vision.addSkinTypeHead();
        }
        this.findingTokens = findingTokens;
        if (findingTokens > 0) {
            // Made last, so that every other parameter draws the same initial values as without them.
            params.normal(FindingNetwork.TOKENS_TENSOR + ".weight", 0.02, (long) findingTokens * lc.hiddenSize(), networkWidth);
            params.zeros(FindingNetwork.TOKENS_TENSOR + ".bias", (long) findingTokens * lc.hiddenSize());
        }
    }

    private final int findingTokens;

    /** Visual tokens the decoder reads of the finding network (0: none). */
    public int findingTokens() {
        return findingTokens;
    }

    /** Visual tokens per image: the Q-Former's, then the finding network's. */
    public int imageTokens() {
        return vision.config().numQueryTokens() + findingTokens;
    }

    public Params params() {
        return params;
    }

    public TrainableVision vision() {
        return vision;
    }

    public TrainableLlama llama() {
        return llama;
    }

    public Map<String, Object> visionHyperParameters() {
        return visionHyper;
    }

    public Map<String, Object> llamaHyperParameters() {
        return llamaHyper;
    }

    /** Shipped image-encoder tensors (no pretraining heads). */
    public static boolean isEncoderTensor(String name) {
        return !name.startsWith("model.") && !name.startsWith(TrainableVision.HEAD_PREFIX);
    }

    public static boolean isDecoderTensor(String name) {
        return name.startsWith("model.");
    }

    /** Tensors trained in step 0's vision part: the ViT and its heads. */
    public static boolean isVitTensor(String name) {
        return name.startsWith("visual_encoder.") || name.startsWith("ln_vision.")
                || name.startsWith(TrainableVision.HEAD_PREFIX) && !name.startsWith(TrainableVision.QFORMER_HEAD_PREFIX);
    }

    /** Tensors trained in step 0's Q-Former part (the ViT frozen): the Q-Former, its queries and its heads. */
    public static boolean isQformerPretrainTensor(String name) {
        return name.startsWith("Qformer.") || name.equals("query_tokens")
                || name.startsWith(TrainableVision.QFORMER_HEAD_PREFIX);
    }

    /** Tensors trained in steps 1 and 2: Q-Former, projection and decoder (the ViT stays frozen). */
    public static boolean isAlignmentTensor(String name) {
        return name.startsWith("Qformer.") || name.equals("query_tokens") || name.startsWith("llama_proj.")
                || name.startsWith(FindingNetwork.TOKENS_TENSOR + ".") || isDecoderTensor(name);
    }

    /** Pixels {@code [B, 3, S, S]} of items. */
    public NDArray pixels(NDManager m, List<ImageSet.Item> items) {
        return pixels(m, items, null);
    }

    /**
     * Pixels {@code [B, 3, S, S]} of items, each turned or mirrored.
     *
     * @param variants one {@link Dihedral} variant per item, or null for the images as they are
     */
    public NDArray pixels(NDManager m, List<ImageSet.Item> items, int[] variants) {
        int s = vision.config().imageSize();
        float[] all = new float[items.size() * 3 * s * s];
        for (int i = 0; i < items.size(); i++) {
            float[] chw = variants == null ? items.get(i).chw() : Dihedral.apply(items.get(i).chw(), s, variants[i]);
            System.arraycopy(chw, 0, all, i * 3 * s * s, 3 * s * s);
        }
        return Tensors.of(m, all, new Shape(items.size(), 3, s, s));
    }

    /**
     * Step 0 (vision): condition cross-entropy plus concept binary cross-entropy from the mean ViT token.
     *
     * @param variants one {@link Dihedral} variant per item, or null
     * @return {@code [loss, correct conditions]}
     */
    public NDList visionPretrainLoss(NDManager m, List<ImageSet.Item> items, int[] variants) {
        NDArray tokens = vision.vit(pixels(m, items, variants));
        return headLoss(m, vision.pretrainHeads(tokens), items);
    }

    /**
     * Step 0 (Q-Former, the ViT frozen): the same condition and concept losses from the mean Q-Former output.
     *
     * @param vitFeatures the frozen ViT output of each item ({@link #vitFeatures})
     * @return {@code [loss, correct conditions]}
     */
    public NDList qformerPretrainLoss(NDManager m, List<ImageSet.Item> items, List<float[]> vitFeatures) {
        return headLoss(m, vision.qformerPretrainHeads(image(m, vitFeatures)), items);
    }

    /** Condition cross-entropy plus concept binary cross-entropy of head logits; and how many conditions are right. */
    private static NDList headLoss(NDManager m, NDList heads, List<ImageSet.Item> items) {
        long[] cond = new long[items.size()];
        int k = (int) heads.get(1).getShape().get(1);
        float[] concepts = new float[items.size() * k];
        for (int i = 0; i < items.size(); i++) {
            cond[i] = items.get(i).condition();
            System.arraycopy(items.get(i).conceptTargets(), 0, concepts, i * k, k);
        }
        NDArray condTargets = Tensors.of(m, cond, new Shape(items.size(), 1));
        NDArray ce = heads.get(0).logSoftmax(-1).gather(condTargets, 1).mean().neg();
        NDArray z = heads.get(1);
        NDArray y = Tensors.of(m, concepts, new Shape(items.size(), k));
        NDArray bce = z.maximum(0f).sub(z.mul(y)).add(z.abs().neg().exp().add(1f).log()).mean();
        NDArray correct = heads.get(0).argMax(1).eq(condTargets.reshape(items.size())).sum();
        NDArray loss = ce.add(bce);
        if (heads.size() > 2) {
            long[] types = new long[items.size()];
            for (int i = 0; i < items.size(); i++) {
                types[i] = items.get(i).sample().fitzpatrick() - 1;
            }
            NDArray typeTargets = Tensors.of(m, types, new Shape(items.size(), 1));
            loss = loss.add(heads.get(2).logSoftmax(-1).gather(typeTargets, 1).mean().neg());
        }
        return new NDList(loss, correct);
    }

    /** Whether the Q-Former's step-0 condition head classifies each item right, from its frozen ViT features. */
    public boolean[] qformerHeadRight(NDManager m, List<ImageSet.Item> items, List<float[]> vitFeatures) {
        NDArray logits = vision.qformerPretrainHeads(image(m, vitFeatures)).get(0);
        return right(logits, items);
    }

    /** Frozen ViT features as one {@code [B, vitTokens, vitWidth]} array. */
    private NDArray image(NDManager m, List<float[]> vitFeatures) {
        VisionConfig vc = vision.config();
        int b = vitFeatures.size();
        float[] all = new float[b * vitFeatures.get(0).length];
        for (int i = 0; i < b; i++) {
            System.arraycopy(vitFeatures.get(i), 0, all, i * vitFeatures.get(i).length, vitFeatures.get(i).length);
        }
        return Tensors.of(m, all, new Shape(b, vc.vitTokens(), vc.vitWidth()));
    }

    private static boolean[] right(NDArray logits, List<ImageSet.Item> items) {
        long[] predicted = logits.argMax(1).toLongArray();
        boolean[] right = new boolean[items.size()];
        for (int i = 0; i < items.size(); i++) {
            right[i] = predicted[i] == items.get(i).condition();
        }
        return right;
    }

    /** Whether the step-0 condition head classifies each item right (no gradients, images as they are). */
    public boolean[] headRight(NDManager m, List<ImageSet.Item> items) {
        NDArray logits = vision.pretrainHeads(vision.vit(pixels(m, items)).stopGradient()).get(0);
        return right(logits, items);
    }

    /** Frozen ViT output ({@code [vitTokens * vitWidth]} floats) of one batch, without gradients. */
    public float[][] vitFeatures(NDManager m, List<ImageSet.Item> items) {
        NDArray tokens = vision.vit(pixels(m, items)).stopGradient();
        float[] flat = tokens.toFloatArray();
        int per = flat.length / items.size();
        float[][] out = new float[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * per, (i + 1) * per);
        }
        return out;
    }

    /**
     * Next-token cross-entropy on the target positions of a batch of sequences.
     *
     * @param vitFeatures one frozen-ViT feature array per sequence, or null for text-only sequences
     * @return mean negative log-likelihood per target token
     */
    public NDArray languageLoss(NDManager m, List<Sequences.Seq> batch, List<float[]> vitFeatures) {
        return languageLoss(m, batch, vitFeatures, null);
    }

    /**
     * {@link #languageLoss(NDManager, List, List)}, the decoder also reading the finding network's features of each
     * image as {@link #findingTokens()} tokens after the Q-Former's.
     *
     * @param networkFeatures one finding-network feature array per sequence; needed where {@code findingTokens > 0}
     */
    public NDArray languageLoss(NDManager m, List<Sequences.Seq> batch, List<float[]> vitFeatures,
                                List<float[]> networkFeatures) {
        int b = batch.size();
        int t = batch.stream().mapToInt(Sequences.Seq::length).max().orElseThrow();
        long[] ids = new long[b * t];
        java.util.List<Long> targets = new java.util.ArrayList<>();
        java.util.List<Long> sourceRows = new java.util.ArrayList<>();
        int imageStart = batch.get(0).imageStart();
        for (int i = 0; i < b; i++) {
            Sequences.Seq s = batch.get(i);
            if (s.imageStart() != imageStart) {
                throw new IllegalArgumentException("a batch must share the image position (one locale per batch)");
            }
            for (int j = 0; j < s.length(); j++) {
                ids[i * t + j] = s.ids()[j];
                if (j + 1 < s.length() && s.loss()[j + 1]) {
                    sourceRows.add((long) (i * t + j));
                    targets.add((long) s.ids()[j + 1]);
                }
            }
        }
        NDArray x = llama.embed(Tensors.of(m, ids, new Shape(b, t)));
        if (vitFeatures != null) {
            NDArray visual = vision.qformerAndProjection(image(m, vitFeatures));
            int q = vision.config().numQueryTokens();
            if (findingTokens > 0) {
                int width = networkFeatures.get(0).length;
                float[] all = new float[b * width];
                for (int i = 0; i < b; i++) {
                    System.arraycopy(networkFeatures.get(i), 0, all, i * width, width);
                }
                NDArray tokens = Tensors.of(m, all, new Shape(b, width))
                        .matMul(params.get(FindingNetwork.TOKENS_TENSOR + ".weight").transpose())
                        .add(params.get(FindingNetwork.TOKENS_TENSOR + ".bias"))
                        .reshape(b, findingTokens, -1);
                visual = visual.concat(tokens, 1);
                q += findingTokens;
            }
            x = NDArrays.concat(new NDList(
                    x.get(new NDIndex(":, :" + imageStart)),
                    visual,
                    x.get(new NDIndex(":, " + (imageStart + q) + ":"))), 1);
        }
        long[] rows = sourceRows.stream().mapToLong(Long::longValue).toArray();
        // Only target positions go through the LM head: the largest matrix of the decoder.
        NDArray hidden = llama.hidden(x).reshape(b * t, -1).get(new NDIndex("{}", Tensors.of(m, rows, new Shape(rows.length))));
        long[] tg = targets.stream().mapToLong(Long::longValue).toArray();
        NDArray logp = llama.logits(hidden).logSoftmax(-1);
        return logp.gather(Tensors.of(m, tg, new Shape(tg.length, 1)), 1).mean().neg();
    }

    /** Writes the shipped tensors of one part as F16 safetensors. */
    public void save(Path file, boolean encoder, Map<String, String> metadata) throws IOException {
        Map<String, NDArray> tensors = params.matching(encoder ? DemoModel::isEncoderTensor : DemoModel::isDecoderTensor);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            Weights.write(out, tensors, Weights.StoredType.F16, metadata);
        }
    }

    /** Writes every tensor (heads included) in F32, to resume from. */
    public void checkpoint(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            Weights.write(out, params.all(), Weights.StoredType.F32, Map.of());
        }
    }

    /**
     * Loads the ViT and {@code ln_vision} from a shipped encoder's safetensors, nothing else: the ViT is frozen
     * after step 0, so a shipped encoder holds the step-0 ViT of the run that made it.
     */
    public void restoreVit(List<Path> encoderFiles) {
        try (NDManager scratch = params.manager().newSubManager();
             Weights w = Weights.open(scratch, DataType.FLOAT32, encoderFiles)) {
            for (String name : params.all().keySet()) {
                if (name.startsWith("visual_encoder.") || name.startsWith("ln_vision.")) {
                    params.assign(name, w.get(name, params.get(name).getShape().getShape()).toFloatArray());
                }
            }
        }
    }

    /** Loads a {@link #checkpoint}: every parameter must be in it. */
    public void restore(Path file) {
        restore(List.of(file), true);
    }

    /**
     * Loads parameters from safetensors files (F32 or F16).
     *
     * @param requireAll whether every parameter must be present; otherwise missing ones keep their values
     */
    public void restore(List<Path> files, boolean requireAll) {
        try (NDManager scratch = params.manager().newSubManager();
             Weights w = Weights.open(scratch, DataType.FLOAT32, files)) {
            for (String name : params.all().keySet()) {
                if (!requireAll && !w.contains(name)) {
                    continue;
                }
                params.assign(name, w.get(name, params.get(name).getShape().getShape()).toFloatArray());
            }
        }
    }
}
