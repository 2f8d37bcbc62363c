package org.skingpt.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToIntFunction;
import org.skingpt.nn.Weights;
import org.skingpt.synthetic.Concept;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;
import org.skingpt.training.nn.Params;
import org.skingpt.vision.internal.FindingNetwork;
import org.skingpt.vision.internal.ImagePreprocessor;
import org.skingpt.vision.internal.VisionConfig;

/**
 * Trains the encoder's finding network (issue 23, {@link FindingNetwork}): a small convolutional network on the
 * pixels, with heads for what the ViT does not see — the lesion count, the border (regular or irregular), the edge
 * (well-demarcated or ill-defined) — and the skin type, which it reads better than the ViT's pooled output. The
 * network is trained on all of them at once, with the size class, the ruler and the condition as further targets
 * that only shape its features (their heads are not shipped). Independent of everything else the encoder holds, so
 * it is trained last, on the shipped encoder, as a run from nothing would. Rewrites {@code encoder/vision.safetensors}
 * with {@code finding_network.*} and the heads' {@code findings.<name>.*} (earlier tensors of those names replaced),
 * declares them in {@code encoder/model.json} with the new checksum, and appends a line to {@code TRAINING.md} with
 * each head's accuracy on the held-out images of the evaluation and on the validation images by probability. Run by
 * {@link FindingHeadTrainer} on the images it generates for the ViT's heads (generating them is most of the time).
 */
public final class FindingNetworkTrainer {

    /** A head: its name, its classes, each image's class (an index into {@code classes}, -1: not labelled), shipped or not. */
    record Task(String name, List<String> classes, ToIntFunction<Sample> label, boolean shipped) {
    }

    static int orNone(int pairClass) {
        return pairClass < 0 ? 2 : pairClass;
    }

    static int pair(Sample s, Concept first, Concept second) {
        return s.concepts().contains(first) ? 0 : s.concepts().contains(second) ? 1 : -1;
    }

    static final List<Task> TASKS = List.of(
            new Task("count", List.of("single", "multiple"), s -> pair(s, Concept.SOLITARY, Concept.MULTIPLE), true),
            // Border and edge: a third class where the image's description states neither (a melanoma's edge, a
            // psoriasis plaque's border): such a finding names no value of the locales' group, so it establishes nothing.
            new Task("border", List.of("regular", "irregular", "none"),
                    s -> orNone(pair(s, Concept.BORDER_REGULAR, Concept.BORDER_IRREGULAR)), true),
            new Task("edge", List.of("well_demarcated", "ill_defined", "none"),
                    s -> orNone(pair(s, Concept.WELL_DEMARCATED, Concept.ILL_DEFINED)), true),
            new Task("fitzpatrick", List.of("1", "2", "3", "4", "5", "6"), s -> s.fitzpatrick() - 1, true),
            new Task("size", List.of("small", "medium", "large"), s -> s.concepts().contains(Concept.SIZE_SMALL) ? 0
                    : s.concepts().contains(Concept.SIZE_MEDIUM) ? 1 : s.concepts().contains(Concept.SIZE_LARGE) ? 2 : -1, false),
            new Task("ruler", List.of("no", "yes"), s -> "true".equals(s.metadata().get("ruler")) ? 1 : 0, false),
            new Task("condition", java.util.Arrays.stream(org.skingpt.synthetic.Condition.values())
                    .map(org.skingpt.synthetic.Condition::id).toList(), s -> s.condition().ordinal(), false));

    /** The network's shape: input side and each layer's output channels. */
    static final int SIDE = 112;
    static final List<Integer> CHANNELS = List.of(24, 48, 96, 128);
    static final int BATCH = 32;
    static final float PEAK_LEARNING_RATE = 2e-3f;
    static final long SEED = 23L;

    /** One image as the network reads it: normalised, block-averaged to {@link #SIDE}, and its labels. */
    record Item(float[] chw, int[] labels) {
    }

    private FindingNetworkTrainer() {
    }

    /** What the network reads of one image ({@code chw} normalised as the encoder does, block-averaged), with its labels. */
    static Item item(Sample s, float[] chw, int side) {
        return new Item(averaged(chw, side, side / SIDE), labels(s));
    }

    /**
     * Trains the network on {@code train}, reports it on {@code test} (the evaluation's held-out images) and on
     * validation images (by probability, to choose a locale's {@code finding.probability} without the held-out ones),
     * writes it into the encoder; returns the line for TRAINING.md.
     */
    static String train(Path weightsFile, Path json, List<Item> train, List<Item> test, int epochs,
                        ImagePreprocessor pre, int imageSize, int threads) throws Exception {
        return train(weightsFile, json, train, test, epochs, pre, imageSize, threads, null, 0);
    }

    /**
     * {@link #train(Path, Path, List, List, int, ImagePreprocessor, int, int)}, or, with {@code trained}, the network
     * {@link #fitNew} already trained on {@code train} (the language model read it in steps 1 and 2), reported and
     * written as it is; {@code tokens} &gt; 0 declares the tokens the language model reads of it
     * ({@link FindingNetwork#TOKENS}; their tensors are in the encoder already).
     */
    static String train(Path weightsFile, Path json, List<Item> train, List<Item> test, int epochs,
                        ImagePreprocessor pre, int imageSize, int threads, Params trained, int tokens) throws Exception {
        long t0 = System.nanoTime();
        List<Item> validation = items(DemoSpec.VALIDATION_SEED, VALIDATION_IMAGES, pre, threads);
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        try (NDManager root = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            Params params = trained != null ? trained : init(root);
            if (trained == null) {
                fit(params, train, epochs);
            }
            Map<String, double[]> onTest = accuracy(root, params, test);
            Map<String, double[]> onValidation = accuracy(root, params, validation);
            write(weightsFile, json, params, tokens);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "finding network (`FindingNetworkTrainer`:"
                    + " %d convolutions of stride 2 on the encoder's %d-px input, channels %s; heads on its mean and"
                    + " maximum): %d training images, %d passes, %.0f s; right on the %d held-out images of the"
                    + " evaluation (and on %d validation images where the head's probability is at least 0.8 / 0.9):",
                    CHANNELS.size(), SIDE, CHANNELS, train.size(), epochs, (System.nanoTime() - t0) / 1e9, test.size(),
                    validation.size()));
            for (Task t : TASKS) {
                double[] r = onTest.get(t.name());
                double[] v = onValidation.get(t.name());
                line.append(String.format(Locale.ROOT, " %s%s %.1f%% of %d (%.1f%% of %d / %.1f%% of %d);", t.name(),
                        t.shipped() ? "" : " (training only)", 100 * r[0], (int) r[1], 100 * v[2], (int) v[3],
                        100 * v[4], (int) v[5]));
            }
            line.setLength(line.length() - 1);
            return line.toString();
        }
    }

    static final int VALIDATION_IMAGES = 660;

    /** A network trained from nothing on {@code train} ({@link #init}, {@link #fit}), its parameters in {@code root}. */
    static Params fitNew(NDManager root, List<Item> train, int epochs, int threads) {
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        Params params = init(root);
        fit(params, train, epochs);
        return params;
    }

    /**
     * The network's reading of one image: its features ({@code 2 × last channels}, what the heads and the language
     * model's tokens read) and each task's class probabilities, in {@link #TASKS} order.
     */
    record Reading(float[] features, float[][] probabilities) {

        /** The probability of the most probable class of a task. */
        float sureness(String task) {
            for (int t = 0; t < TASKS.size(); t++) {
                if (TASKS.get(t).name().equals(task)) {
                    float best = 0;
                    for (float v : probabilities[t]) {
                        best = Math.max(best, v);
                    }
                    return best;
                }
            }
            throw new IllegalArgumentException("no task " + task);
        }
    }

    /** The network's reading of each image ({@code chw} as the network reads it: {@link #SIDE} px, normalised). */
    static List<Reading> read(Params p, List<float[]> chws) {
        List<Reading> out = new ArrayList<>(chws.size());
        for (int from = 0; from < chws.size(); from += 66) {
            List<Item> b = new ArrayList<>();
            for (float[] chw : chws.subList(from, Math.min(chws.size(), from + 66))) {
                b.add(new Item(chw, new int[TASKS.size()]));
            }
            try (NDManager m = p.manager().newSubManager()) {
                NDArray features = FindingNetwork.features(batch(m, b), layers(p), 1);
                int width = (int) features.getShape().get(1);
                float[] f = features.toFloatArray();
                float[][][] probabilities = new float[b.size()][TASKS.size()][];
                for (int t = 0; t < TASKS.size(); t++) {
                    Task task = TASKS.get(t);
                    int classes = task.classes().size();
                    float[] prob = probabilities(p, task, features);
                    for (int i = 0; i < b.size(); i++) {
                        probabilities[i][t] = java.util.Arrays.copyOfRange(prob, i * classes, (i + 1) * classes);
                    }
                }
                for (int i = 0; i < b.size(); i++) {
                    out.add(new Reading(java.util.Arrays.copyOfRange(f, i * width, (i + 1) * width), probabilities[i]));
                }
            }
        }
        return out;
    }

    static List<Item> items(long seed, int n, ImagePreprocessor pre, int threads) throws Exception {
        SyntheticGenerator generator = new SyntheticGenerator(seed, DemoSpec.PAINT_SIZE);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Item>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Sample s = generator.generate(index);
                    return item(s, pre.toChw(ImageSet.rgb(s.image())), pre.size());
                }));
            }
            List<Item> out = new ArrayList<>(n);
            for (Future<Item> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static int[] labels(Sample s) {
        int[] y = new int[TASKS.size()];
        for (int t = 0; t < y.length; t++) {
            y[t] = TASKS.get(t).label().applyAsInt(s);
        }
        return y;
    }

    /** The image averaged over square blocks, as {@link FindingNetwork#features} does before its first layer. */
    static float[] averaged(float[] chw, int side, int block) {
        if (block == 1) {
            return chw;
        }
        int out = side / block;
        float[] r = new float[3 * out * out];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < out; y++) {
                for (int x = 0; x < out; x++) {
                    double sum = 0;
                    for (int dy = 0; dy < block; dy++) {
                        for (int dx = 0; dx < block; dx++) {
                            sum += chw[(c * side + y * block + dy) * side + x * block + dx];
                        }
                    }
                    r[(c * out + y) * out + x] = (float) (sum / (block * block));
                }
            }
        }
        return r;
    }

    static Params init(NDManager root) {
        Params p = new Params(root, SEED);
        int in = 3;
        for (int i = 0; i < CHANNELS.size(); i++) {
            int out = CHANNELS.get(i);
            int k = FindingNetwork.Spec.kernel(i);
            p.normal(FindingNetwork.PREFIX + "conv." + i + ".weight", Math.sqrt(2.0 / (in * k * k)), out, in, k, k);
            p.zeros(FindingNetwork.PREFIX + "conv." + i + ".bias", out);
            p.ones(FindingNetwork.PREFIX + "norm." + i + ".weight", out);
            p.zeros(FindingNetwork.PREFIX + "norm." + i + ".bias", out);
            in = out;
        }
        int width = 2 * CHANNELS.get(CHANNELS.size() - 1);
        for (Task t : TASKS) {
            p.normal(head(t) + ".weight", 0.01, t.classes().size(), width);
            p.zeros(head(t) + ".bias", t.classes().size());
        }
        return p;
    }

    /** A task's class probabilities for a batch of features, {@code [batch × classes]}, row-major. */
    static float[] probabilities(Params p, Task task, NDArray features) {
        return features.matMul(p.get(head(task) + ".weight").transpose()).add(p.get(head(task) + ".bias")).softmax(1)
                .toFloatArray();
    }

    static String head(Task t) {
        return (t.shipped() ? "findings." : "training.") + t.name();
    }

    static List<NDArray[]> layers(Params p) {
        List<NDArray[]> layers = new ArrayList<>();
        for (int i = 0; i < CHANNELS.size(); i++) {
            String conv = FindingNetwork.PREFIX + "conv." + i;
            String norm = FindingNetwork.PREFIX + "norm." + i;
            layers.add(new NDArray[] {p.get(conv + ".weight"), p.get(conv + ".bias"), p.get(norm + ".weight"),
                    p.get(norm + ".bias")});
        }
        return layers;
    }

    static NDArray batch(NDManager m, List<Item> items) {
        int size = items.get(0).chw().length;
        float[] x = new float[items.size() * size];
        for (int i = 0; i < items.size(); i++) {
            System.arraycopy(items.get(i).chw(), 0, x, i * size, size);
        }
        return m.create(x, new Shape(items.size(), 3, SIDE, SIDE));
    }

    /** AdamW, warm-up over 5% of the steps, cosine decay to 5%; mini-batches with random flips (no label flips). */
    static void fit(Params p, List<Item> train, int epochs) {
        int steps = epochs * (train.size() / BATCH);
        int warmup = Math.max(1, steps / 20);
        ParameterTracker lr = (id, n) -> n < warmup ? PEAK_LEARNING_RATE * (n + 1) / warmup
                : (float) (PEAK_LEARNING_RATE * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI
                * Math.min(1.0, (n - warmup) / (double) Math.max(1, steps - warmup))))));
        Optimizer opt = Optimizer.adamW().optLearningRateTracker(lr).optWeightDecays(1e-4f).optClipGrad(1f).build();
        Random random = new Random(SEED);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            order.add(i);
        }
        int step = 0;
        double smoothed = Double.NaN;
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            Collections.shuffle(order, random);
            for (int from = 0; from + BATCH <= train.size(); from += BATCH) {
                List<Item> b = new ArrayList<>(BATCH);
                for (int i = from; i < from + BATCH; i++) {
                    b.add(train.get(order.get(i)));
                }
                float loss;
                try (NDManager m = p.manager().newSubManager()) {
                    NDArray x = batch(m, b);
                    if (random.nextBoolean()) {
                        x = x.flip(3);
                    }
                    if (random.nextBoolean()) {
                        x = x.flip(2);
                    }
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray features = FindingNetwork.features(x, layers(p), 1);
                        NDArray total = null;
                        for (int t = 0; t < TASKS.size(); t++) {
                            Task task = TASKS.get(t);
                            int classes = task.classes().size();
                            float[] oneHot = new float[BATCH * classes];
                            int labelled = 0;
                            for (int i = 0; i < BATCH; i++) {
                                int y = b.get(i).labels()[t];
                                if (y >= 0) {
                                    oneHot[i * classes + y] = 1;
                                    labelled++;
                                }
                            }
                            if (labelled == 0) {
                                continue;
                            }
                            NDArray logits = features.matMul(p.get(head(task) + ".weight").transpose())
                                    .add(p.get(head(task) + ".bias"));
                            NDArray l = logits.logSoftmax(1).mul(m.create(oneHot, new Shape(BATCH, classes))).sum()
                                    .neg().div(labelled);
                            total = total == null ? l : total.add(l);
                        }
                        gc.backward(total);
                        loss = total.getFloat();
                    }
                    if (Float.isFinite(loss)) {
                        for (Map.Entry<String, NDArray> en : p.all().entrySet()) {
                            NDArray g = en.getValue().getGradient();
                            opt.update(en.getKey(), en.getValue(), g);
                            g.close();
                        }
                    }
                    p.clearGradients(k -> true);
                }
                smoothed = Double.isNaN(smoothed) ? loss : 0.98 * smoothed + 0.02 * loss;
                if (++step % 100 == 0 || step == steps) {
                    System.out.printf(Locale.ROOT, "[finding network] step %d/%d, loss %.3f, %.0f s%n", step, steps,
                            smoothed, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }

    /**
     * Per task: {accuracy, labelled images, accuracy at probability ≥ 0.8, images, accuracy at ≥ 0.9, images}.
     */
    static Map<String, double[]> accuracy(NDManager root, Params p, List<Item> items) {
        Map<String, double[]> out = new LinkedHashMap<>();
        int[][] counts = new int[TASKS.size()][6];
        for (int from = 0; from < items.size(); from += 66) {
            List<Item> b = items.subList(from, Math.min(items.size(), from + 66));
            try (NDManager m = root.newSubManager()) {
                NDArray features = FindingNetwork.features(batch(m, b), layers(p), 1);
                for (int t = 0; t < TASKS.size(); t++) {
                    Task task = TASKS.get(t);
                    int classes = task.classes().size();
                    float[] prob = probabilities(p, task, features);
                    for (int i = 0; i < b.size(); i++) {
                        int y = b.get(i).labels()[t];
                        if (y < 0) {
                            continue;
                        }
                        int best = 0;
                        for (int c = 1; c < classes; c++) {
                            best = prob[i * classes + c] > prob[i * classes + best] ? c : best;
                        }
                        int right = best == y ? 1 : 0;
                        counts[t][0] += right;
                        counts[t][1]++;
                        if (prob[i * classes + best] >= 0.8) {
                            counts[t][2] += right;
                            counts[t][3]++;
                        }
                        if (prob[i * classes + best] >= 0.9) {
                            counts[t][4] += right;
                            counts[t][5]++;
                        }
                    }
                }
            }
        }
        for (int t = 0; t < TASKS.size(); t++) {
            int[] c = counts[t];
            out.put(TASKS.get(t).name(), new double[] {c[0] / (double) Math.max(1, c[1]), c[1],
                    c[2] / (double) Math.max(1, c[3]), c[3], c[4] / (double) Math.max(1, c[5]), c[5]});
        }
        return out;
    }

    /**
     * Rewrites the weights with the network and its shipped heads (F16, like the rest; earlier tensors of those names
     * replaced) and the descriptor with their declarations and the new checksum.
     */
    static void write(Path weightsFile, Path json, Params params, int tokens) throws IOException {
        Map<String, String> metadata = FindingHeadTrainer.metadata(weightsFile);
        Set<String> shippedHeads = new java.util.LinkedHashSet<>();
        TASKS.stream().filter(Task::shipped).forEach(t -> shippedHeads.add(t.name()));
        Path tmp = weightsFile.resolveSibling(weightsFile.getFileName() + ".tmp");
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
             Weights weights = Weights.open(manager.newSubManager(), DataType.FLOAT32, List.of(weightsFile))) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (String tensor : weights.names()) {
                // The language model's tokens of the network were trained with it in steps 1 and 2: kept.
                boolean replaced = tensor.startsWith(FindingNetwork.PREFIX)
                        && !tensor.startsWith(FindingNetwork.TOKENS_TENSOR + ".") || shippedHeads.stream()
                        .anyMatch(h -> tensor.startsWith("findings." + h + "."));
                if (!replaced) {
                    tensors.put(tensor, weights.get(tensor, weights.shapeOf(tensor).orElseThrow()));
                }
            }
            params.all().forEach((name, array) -> {
                if (!name.startsWith("training.")) {
                    tensors.put(name, manager.create(array.toFloatArray(), array.getShape()));
                }
            });
            try (OutputStream out = Files.newOutputStream(tmp)) {
                Weights.write(out, tensors, Weights.StoredType.F16, metadata);
            }
        }
        Files.move(tmp, weightsFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JsonObject d = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonObject hp = d.getAsJsonObject("hyperParameters");
        JsonArray names = new JsonArray();
        for (Task t : TASKS) {
            if (t.shipped()) {
                JsonArray classes = new JsonArray();
                t.classes().forEach(classes::add);
                hp.add("findings." + t.name(), classes);
                names.add(t.name());
            }
        }
        hp.addProperty(FindingNetwork.IMAGE_SIZE, SIDE);
        JsonArray channels = new JsonArray();
        CHANNELS.forEach(channels::add);
        hp.add(FindingNetwork.CHANNELS, channels);
        hp.add(FindingNetwork.FINDINGS, names);
        if (tokens > 0) {
            hp.addProperty(FindingNetwork.TOKENS, tokens);
        } else {
            hp.remove(FindingNetwork.TOKENS);
        }
        FindingHeadTrainer.writeDescriptor(json, d, weightsFile);
    }
}
