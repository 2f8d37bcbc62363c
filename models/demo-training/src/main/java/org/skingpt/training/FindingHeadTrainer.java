package org.skingpt.training;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.skingpt.nn.Weights;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;
import org.skingpt.vision.internal.FindingNetwork;
import org.skingpt.vision.internal.ImagePreprocessor;
import org.skingpt.vision.internal.MiniGpt4VisionEncoder;
import org.skingpt.vision.internal.VisionConfig;

/**
 * Adds the encoder's finding heads (issue 23) to a trained demo encoder: per head, a softmax regression on the ViT's
 * output after {@code ln_vision}, averaged over its tokens, fitted on the training images (seed
 * {@link DemoSpec#TRAIN_SEED}) and checked on the held-out ones ({@link DemoSpec#EVAL_SEED}). The ViT is frozen after
 * step 0, so the heads depend on nothing trained later and are fitted last; they never change the visual tokens.
 * Two heads on the ViT: {@code fitzpatrick} (the skin type, classes 1-6, which the Q-Former does not pass on) and
 * {@code condition} (the condition, classes the conditions' ids, with which a locale may keep answer 1's diagnosis
 * the same in every language). Then, on the same images, the encoder's finding network and its heads
 * ({@link FindingNetworkTrainer}: lesion count, border, edge, and the skin type, which it reads better than the ViT
 * and so replaces the ViT's {@code fitzpatrick} head). Rewrites {@code encoder/vision.safetensors} with
 * {@code findings.<name>.{weight,bias}} (an earlier head of that name replaced), declares {@code "findings.<name>":
 * [classes]} in {@code encoder/model.json} with the new checksum, and appends a line per head to {@code TRAINING.md}.
 *
 * <p>Usage: {@code FindingHeadTrainer --model DIR [--heads condition] [--network-epochs 4] [--train 6600]
 * [--images 1320] [--threads N]} ({@code --network-epochs 0}: no finding network)
 */
public final class FindingHeadTrainer {

    /** A head: its name, its classes, each image's class (an index into {@code classes}) and what it reads. */
    record Head(String name, List<String> classes, java.util.function.ToIntFunction<Sample> label, String reads) {
    }

    static final Head FITZPATRICK = new Head("fitzpatrick", List.of("1", "2", "3", "4", "5", "6"),
            s -> s.fitzpatrick() - 1, "Fitzpatrick type");
    static final Head CONDITION = new Head("condition",
            java.util.Arrays.stream(org.skingpt.synthetic.Condition.values()).map(org.skingpt.synthetic.Condition::id).toList(),
            s -> s.condition().ordinal(), "condition");
    static final List<Head> HEADS = List.of(FITZPATRICK, CONDITION);

    private FindingHeadTrainer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Cli.parse(args, List.of("model", "heads", "train", "images", "threads",
                "network-epochs"));
        if (!a.containsKey("model")) {
            throw new IllegalArgumentException("--model DIR (with encoder/) is required");
        }
        List<Head> heads = new ArrayList<>();
        for (String name : a.getOrDefault("heads", "condition").split(",")) {
            heads.add(HEADS.stream().filter(h -> h.name().equals(name.strip())).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("--heads: no head '" + name.strip() + "'; the heads are fitzpatrick"
                            + " and condition")));
        }
        int trainImages = Integer.parseInt(a.getOrDefault("train", "6600"));
        int heldOut = Integer.parseInt(a.getOrDefault("images", "1320"));
        int networkEpochs = Integer.parseInt(a.getOrDefault("network-epochs", "4"));
        int threads = Integer.parseInt(a.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        Runtimes.configure(1); // the images are encoded one per thread; the network's training uses them all
        Path dir = Path.of(a.get("model"));
        long t0 = System.nanoTime();
        List<String> lines = train(dir, heads, trainImages, heldOut, threads, networkEpochs);
        String took = String.format(Locale.ROOT, " (%.1f s for %s)", (System.nanoTime() - t0) / 1e9,
                lines.size() == 1 ? "it" : "all " + lines.size());
        Path training = dir.resolve("TRAINING.md");
        if (Files.exists(training)) {
            Files.writeString(training, Files.readString(training, StandardCharsets.UTF_8).stripTrailing() + "\n\n"
                    + String.join("\n\n", lines) + took + "\n", StandardCharsets.UTF_8);
        }
        lines.forEach(line -> System.out.println("[findings] " + line));
        System.out.println("[findings]" + took);
    }

    /**
     * Fits the heads (and the finding network, when {@code networkEpochs > 0}, on the same images), writes them into
     * the encoder; returns what was done, a line per head and one for the network, for TRAINING.md.
     */
    static List<String> train(Path dir, List<Head> heads, int trainImages, int heldOut, int threads, int networkEpochs)
            throws Exception {
        Path encoderDir = dir.resolve("encoder");
        var descriptor = DemoEvaluation.descriptor(encoderDir.resolve("model.json"));
        VisionConfig config = VisionConfig.fromHyperParameters(descriptor.hyperParameters());
        ImagePreprocessor pre = new ImagePreprocessor(config.imageSize(), config.imageMean(), config.imageStd());
        TrainingImages train = new TrainingImages(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(descriptor,
                List.of(encoderDir.resolve(descriptor.weights().get(0).path())), ai.djl.Device.cpu())) {
            pooled(encoder, pre, new SyntheticGenerator(DemoSpec.TRAIN_SEED, DemoSpec.PAINT_SIZE), trainImages, threads,
                    train.vitPooled(), train.samples(), train.network());
        }
        return train(dir, heads, train, heldOut, threads, networkEpochs);
    }

    /**
     * The training images the heads and the network learn from, however they were made: each image's ViT output
     * after {@code ln_vision} averaged over its tokens, its sample (labels), and what the finding network reads.
     */
    record TrainingImages(List<float[]> vitPooled, List<Sample> samples, List<FindingNetworkTrainer.Item> network) {
    }

    /**
     * Fits the heads (and the finding network, when {@code networkEpochs > 0}) on {@code train}, checks them on the
     * evaluation's held-out images, writes them into the encoder in {@code dir}; returns a line per head and one for
     * the network, for TRAINING.md. {@link DemoTrainer} calls it with the images and ViT features it already holds.
     */
    static List<String> train(Path dir, List<Head> heads, TrainingImages train, int heldOut, int threads,
                              int networkEpochs) throws Exception {
        return train(dir, heads, train, heldOut, threads, networkEpochs, null, 0);
    }

    /**
     * {@link #train(Path, List, TrainingImages, int, int, int)} with the finding network already trained
     * ({@code network}, see {@link FindingNetworkTrainer#fitNew}) and {@code tokens} of it read by the language model.
     */
    static List<String> train(Path dir, List<Head> heads, TrainingImages train, int heldOut, int threads,
                              int networkEpochs, org.skingpt.training.nn.Params network, int tokens) throws Exception {
        Path encoderDir = dir.resolve("encoder");
        Path json = encoderDir.resolve("model.json");
        var descriptor = DemoEvaluation.descriptor(json);
        Path weightsFile = encoderDir.resolve(descriptor.weights().get(0).path());
        VisionConfig config = VisionConfig.fromHyperParameters(descriptor.hyperParameters());
        ImagePreprocessor pre = new ImagePreprocessor(config.imageSize(), config.imageMean(), config.imageStd());
        List<float[]> xTest = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        List<FindingNetworkTrainer.Item> netTest = new ArrayList<>();
        try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(descriptor, List.of(weightsFile), ai.djl.Device.cpu())) {
            pooled(encoder, pre, new SyntheticGenerator(DemoSpec.EVAL_SEED, DemoSpec.PAINT_SIZE), heldOut, threads, xTest,
                    test, netTest);
        }
        if (network == null && networkEpochs > 0 && descriptor.hyperParameters().containsKey(FindingNetwork.TOKENS)) {
            throw new IllegalArgumentException("the decoder of " + dir + " reads the finding network ("
                    + FindingNetwork.TOKENS + "): a network retrained alone is not what it learned to read; retrain the"
                    + " model (models/demo/train.sh), or refit the heads alone");
        }
        List<String> lines = new ArrayList<>();
        for (Head h : heads) {
            SoftmaxRegression fitted = SoftmaxRegression.fit(train.vitPooled(), labels(h, train.samples()),
                    h.classes().size());
            double accuracy = fitted.accuracy(xTest, labels(h, test));
            write(weightsFile, json, h, fitted);
            lines.add(String.format(Locale.ROOT, "finding head `%s` (%s, a softmax regression on the ViT's pooled"
                    + " output): fitted on %d training images, %.1f%% right on the %d held-out images of the evaluation",
                    h.name(), h.reads(), train.samples().size(), 100 * accuracy, heldOut));
        }
        if (networkEpochs > 0 || network != null) {
            lines.add(FindingNetworkTrainer.train(weightsFile, json, train.network(), netTest, networkEpochs, pre,
                    config.imageSize(), threads, network, tokens));
        }
        return lines;
    }

    private static List<Integer> labels(Head h, List<Sample> samples) {
        return samples.stream().map(s -> h.label().applyAsInt(s)).toList();
    }

    /** Each image's pooled ViT output and sample; with {@code pre}, also what the finding network reads. */
    private static void pooled(MiniGpt4VisionEncoder encoder, ImagePreprocessor pre, SyntheticGenerator generator,
                               int n, int threads, List<float[]> x, List<Sample> samples,
                               List<FindingNetworkTrainer.Item> network) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object[]>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Sample s = generator.generate(index);
                    // Preprocessed once: the ViT and the finding network read the same normalised pixels.
                    float[] chw = pre.toChw(ImageSet.rgb(s.image()));
                    return new Object[] {encoder.vitMeanNormalized(chw), s, FindingNetworkTrainer.item(s, chw, pre.size())};
                }));
            }
            for (Future<Object[]> f : futures) {
                Object[] r = f.get();
                x.add((float[]) r[0]);
                Sample light = (Sample) r[1];
                samples.add(new Sample(light.index(), light.seed(), light.condition(), light.fitzpatrick(), light.concepts(),
                        null, light.metadata()));
                network.add((FindingNetworkTrainer.Item) r[2]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Rewrites the weights with the head (F16, like the rest) and the descriptor with its declaration and checksum. */
    static void write(Path weightsFile, Path json, Head h, SoftmaxRegression head) throws IOException {
        String name = h.name();
        Map<String, String> metadata = metadata(weightsFile);
        Path tmp = weightsFile.resolveSibling(weightsFile.getFileName() + ".tmp");
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
             Weights weights = Weights.open(manager.newSubManager(), DataType.FLOAT32, List.of(weightsFile))) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (String tensor : weights.names()) {
                if (!weightName(tensor, h)) {
                    tensors.put(tensor, weights.get(tensor, weights.shapeOf(tensor).orElseThrow()));
                }
            }
            float[][] w = head.weights();
            float[] flat = new float[w.length * w[0].length];
            for (int c = 0; c < w.length; c++) {
                System.arraycopy(w[c], 0, flat, c * w[0].length, w[0].length);
            }
            tensors.put("findings." + name + ".weight", manager.create(flat, new Shape(w.length, w[0].length)));
            tensors.put("findings." + name + ".bias", manager.create(head.bias()));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                Weights.write(out, tensors, Weights.StoredType.F16, metadata);
            }
        }
        Files.move(tmp, weightsFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JsonObject d = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonArray classes = new JsonArray();
        h.classes().forEach(classes::add);
        d.getAsJsonObject("hyperParameters").add("findings." + name, classes);
        writeDescriptor(json, d, weightsFile);
    }

    /** Writes the descriptor {@code d} to {@code json} with the new checksum of its rewritten weights file. */
    static void writeDescriptor(Path json, JsonObject d, Path weightsFile) throws IOException {
        for (JsonElement weight : d.getAsJsonArray("weights")) {
            JsonObject o = weight.getAsJsonObject();
            if (o.get("path").getAsString().equals(weightsFile.getFileName().toString())) {
                o.addProperty("sha256", DemoBundles.sha256(weightsFile));
            }
        }
        Files.writeString(json, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(d) + "\n",
                StandardCharsets.UTF_8);
    }

    /** Whether the tensor {@code tensor} belongs to head {@code h} (replaced when it is written again). */
    private static boolean weightName(String tensor, Head h) {
        return tensor.startsWith("findings." + h.name() + ".");
    }

    static Map<String, String> metadata(Path safetensors) throws IOException {
        try (InputStream in = Files.newInputStream(safetensors)) {
            long length = ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonObject header = JsonParser.parseString(new String(in.readNBytes((int) length), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            Map<String, String> out = new LinkedHashMap<>();
            if (header.has("__metadata__")) {
                header.getAsJsonObject("__metadata__").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
            }
            return out;
        }
    }
}
