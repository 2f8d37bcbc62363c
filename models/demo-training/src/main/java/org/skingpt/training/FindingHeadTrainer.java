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
import org.skingpt.vision.internal.MiniGpt4VisionEncoder;

/**
 * Adds the encoder's Fitzpatrick finding head (issue 23) to a trained demo encoder: a softmax regression on the
 * ViT's output after {@code ln_vision}, averaged over its tokens, fitted on the training images (seed
 * {@link DemoSpec#TRAIN_SEED}) and checked on the held-out ones ({@link DemoSpec#EVAL_SEED}). The ViT is frozen after
 * step 0, so the head depends on nothing trained later and is fitted last; it never changes the visual tokens.
 * Rewrites {@code encoder/vision.safetensors} with {@code findings.fitzpatrick.{weight,bias}} (an earlier head of that
 * name replaced), declares {@code "findings.fitzpatrick": ["1", ..., "6"]} in {@code encoder/model.json} with the new
 * checksum, and appends a line to {@code TRAINING.md}.
 *
 * <p>Usage: {@code FindingHeadTrainer --model DIR [--train 6600] [--images 1320] [--threads N]}
 */
public final class FindingHeadTrainer {

    static final String NAME = "fitzpatrick";
    static final List<String> CLASSES = List.of("1", "2", "3", "4", "5", "6");

    private FindingHeadTrainer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Cli.parse(args, List.of("model", "train", "images", "threads"));
        if (!a.containsKey("model")) {
            throw new IllegalArgumentException("--model DIR (with encoder/) is required");
        }
        int trainImages = Integer.parseInt(a.getOrDefault("train", "6600"));
        int heldOut = Integer.parseInt(a.getOrDefault("images", "1320"));
        int threads = Integer.parseInt(a.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        Runtimes.configure(1);
        Path dir = Path.of(a.get("model"));
        long t0 = System.nanoTime();
        String line = train(dir, trainImages, heldOut, threads);
        line += String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - t0) / 1e9);
        Path training = dir.resolve("TRAINING.md");
        if (Files.exists(training)) {
            Files.writeString(training, Files.readString(training, StandardCharsets.UTF_8).stripTrailing() + "\n\n" + line
                    + "\n", StandardCharsets.UTF_8);
        }
        System.out.println("[findings] " + line);
    }

    /** Fits the head, writes it into the encoder; returns what was done, for TRAINING.md. */
    static String train(Path dir, int trainImages, int heldOut, int threads) throws Exception {
        Path encoderDir = dir.resolve("encoder");
        Path json = encoderDir.resolve("model.json");
        var descriptor = DemoEvaluation.descriptor(json);
        Path weightsFile = encoderDir.resolve(descriptor.weights().get(0).path());
        List<float[]> xTrain = new ArrayList<>();
        List<Integer> yTrain = new ArrayList<>();
        List<float[]> xTest = new ArrayList<>();
        List<Integer> yTest = new ArrayList<>();
        try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(descriptor, List.of(weightsFile), ai.djl.Device.cpu())) {
            pooled(encoder, new SyntheticGenerator(DemoSpec.TRAIN_SEED, DemoSpec.PAINT_SIZE), trainImages, threads, xTrain, yTrain);
            pooled(encoder, new SyntheticGenerator(DemoSpec.EVAL_SEED, DemoSpec.PAINT_SIZE), heldOut, threads, xTest, yTest);
        }
        SoftmaxRegression head = SoftmaxRegression.fit(xTrain, yTrain, CLASSES.size());
        double accuracy = head.accuracy(xTest, yTest);
        write(weightsFile, json, head);
        return String.format(Locale.ROOT, "finding head `%s` (Fitzpatrick type, a softmax regression on the ViT's pooled"
                + " output): fitted on %d training images, %.1f%% right on the %d held-out images of the evaluation",
                NAME, trainImages, 100 * accuracy, heldOut);
    }

    private static void pooled(MiniGpt4VisionEncoder encoder, SyntheticGenerator generator, int n, int threads,
                               List<float[]> x, List<Integer> y) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object[]>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Sample s = generator.generate(index);
                    return new Object[] {encoder.vitMean(ImageSet.rgb(s.image())), s.fitzpatrick() - 1};
                }));
            }
            for (Future<Object[]> f : futures) {
                Object[] r = f.get();
                x.add((float[]) r[0]);
                y.add((Integer) r[1]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Rewrites the weights with the head (F16, like the rest) and the descriptor with its declaration and checksum. */
    static void write(Path weightsFile, Path json, SoftmaxRegression head) throws IOException {
        Map<String, String> metadata = metadata(weightsFile);
        Path tmp = weightsFile.resolveSibling(weightsFile.getFileName() + ".tmp");
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
             Weights weights = Weights.open(manager.newSubManager(), DataType.FLOAT32, List.of(weightsFile))) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (String name : weights.names()) {
                if (!name.startsWith("findings." + NAME + ".")) {
                    tensors.put(name, weights.get(name, weights.shapeOf(name).orElseThrow()));
                }
            }
            float[][] w = head.weights();
            float[] flat = new float[w.length * w[0].length];
            for (int c = 0; c < w.length; c++) {
                System.arraycopy(w[c], 0, flat, c * w[0].length, w[0].length);
            }
            tensors.put("findings." + NAME + ".weight", manager.create(flat, new Shape(w.length, w[0].length)));
            tensors.put("findings." + NAME + ".bias", manager.create(head.bias()));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                Weights.write(out, tensors, Weights.StoredType.F16, metadata);
            }
        }
        Files.move(tmp, weightsFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JsonObject d = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonArray classes = new JsonArray();
        CLASSES.forEach(classes::add);
        d.getAsJsonObject("hyperParameters").add("findings." + NAME, classes);
        for (JsonElement weight : d.getAsJsonArray("weights")) {
            JsonObject o = weight.getAsJsonObject();
            if (o.get("path").getAsString().equals(weightsFile.getFileName().toString())) {
                o.addProperty("sha256", DemoBundles.sha256(weightsFile));
            }
        }
        Files.writeString(json, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(d) + "\n",
                StandardCharsets.UTF_8);
    }

    private static Map<String, String> metadata(Path safetensors) throws IOException {
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
