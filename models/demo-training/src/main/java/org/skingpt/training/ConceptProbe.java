package org.skingpt.training;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.synthetic.Concept;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;
import org.skingpt.vision.internal.MiniGpt4VisionEncoder;

/**
 * What the image encoder's output carries about each attribute that answer 2 is graded on (issue 23): linear
 * probes on the visual tokens the decoder receives. A probe that reads an attribute far better than the model's
 * answers state it says the decoder loses it; a probe no better than the answers says the encoder does not see it,
 * and retraining the decoder alone cannot reach the grounding goal.
 *
 * <p>Each probe is a softmax regression (an L2 weight picked on the last fifth of the probe's training images) on
 * the encoder's output for training images (generator seed {@link DemoSpec#TRAIN_SEED}, the images the model was
 * trained on), tested on the held-out images that {@code EVALUATION.md} uses (seed {@link DemoSpec#EVAL_SEED}), on
 * the picture itself averaged to 16 x 16 RGB (what is visible without any learnt features), on the ViT's output
 * averaged over its tokens (what the Q-Former reads) and on two views of the visual tokens: their mean (the decoder's
 * width) and all of them. Beside them, two references without a probe: the majority class, and each condition's
 * most frequent class given the true condition (what an encoder that knows only the condition could say). Usage:
 * {@code ConceptProbe --model DIR --out FILE [--train N] [--images N] [--threads N]}.
 */
public final class ConceptProbe {

    private ConceptProbe() {
    }

    /** One attribute as a classification: the class of an image, or -1 when the attribute does not apply to it. */
    private record Task(String name, List<String> classes, Function<Sample, Integer> label) {
    }

    private static final List<Concept> COLOURS = List.of(Concept.ERYTHEMA, Concept.HYPERPIGMENTATION,
            Concept.HYPOPIGMENTATION, Concept.DEPIGMENTATION, Concept.BLACK, Concept.BLUE_GRAY, Concept.COLOR_VARIEGATION);

    private static List<Task> tasks() {
        List<Task> tasks = new ArrayList<>();
        tasks.add(new Task("lesion count (solitary / multiple)", List.of("solitary", "multiple"),
                s -> pick(s, Concept.SOLITARY, Concept.MULTIPLE)));
        tasks.add(new Task("size class (small / medium / large)", List.of("small", "medium", "large"),
                s -> pick(s, Concept.SIZE_SMALL, Concept.SIZE_MEDIUM, Concept.SIZE_LARGE)));
        tasks.add(new Task("size class, pictures with a ruler", List.of("small", "medium", "large"),
                s -> ruler(s) ? pick(s, Concept.SIZE_SMALL, Concept.SIZE_MEDIUM, Concept.SIZE_LARGE) : -1));
        tasks.add(new Task("size class, pictures without a ruler", List.of("small", "medium", "large"),
                s -> ruler(s) ? -1 : pick(s, Concept.SIZE_SMALL, Concept.SIZE_MEDIUM, Concept.SIZE_LARGE)));
        tasks.add(new Task("border regular / irregular", List.of("regular", "irregular"),
                s -> pick(s, Concept.BORDER_REGULAR, Concept.BORDER_IRREGULAR)));
        tasks.add(new Task("border well-demarcated / ill-defined", List.of("well-demarcated", "ill-defined"),
                s -> pick(s, Concept.WELL_DEMARCATED, Concept.ILL_DEFINED)));
        tasks.add(new Task("Fitzpatrick type (I-VI)", List.of("I", "II", "III", "IV", "V", "VI"),
                s -> s.fitzpatrick() - 1));
        for (Concept c : COLOURS) {
            tasks.add(new Task("colour: " + c.english(), List.of("absent", "present"), s -> s.concepts().contains(c) ? 1 : 0));
        }
        tasks.add(new Task("condition", java.util.Arrays.stream(org.skingpt.synthetic.Condition.values())
                .map(org.skingpt.synthetic.Condition::english).toList(), s -> s.condition().ordinal()));
        return tasks;
    }

    private static boolean ruler(Sample s) {
        return "true".equals(s.metadata().get("ruler"));
    }

    /**
     * The size class read from the principal lesion's diameter as the picture shows it (millimetres over millimetres
     * per pixel, measured exactly from the generator's metadata) together with the true condition: each (condition,
     * apparent-diameter bin) pair's most frequent class in the training images, tested on the held-out ones. The
     * generator frames each lesion in a field of view proportional to its diameter, so the apparent diameter says
     * little about the millimetres; only scale cues (a ruler in a fifth of the pictures, skin texture) do.
     */
    private static double sizeFromApparentDiameter(List<Sample> train, List<Sample> test) {
        Map<String, int[]> counts = new java.util.HashMap<>();
        for (Sample s : train) {
            int y = pick(s, Concept.SIZE_SMALL, Concept.SIZE_MEDIUM, Concept.SIZE_LARGE);
            if (y >= 0) {
                counts.computeIfAbsent(sizeKey(s), key -> new int[3])[y]++;
            }
        }
        int right = 0;
        int n = 0;
        for (Sample s : test) {
            int y = pick(s, Concept.SIZE_SMALL, Concept.SIZE_MEDIUM, Concept.SIZE_LARGE);
            if (y < 0) {
                continue;
            }
            int[] c = counts.getOrDefault(sizeKey(s), new int[3]);
            int best = c[1] >= c[0] && c[1] >= c[2] ? 1 : c[0] >= c[2] ? 0 : 2;
            right += best == y ? 1 : 0;
            n++;
        }
        return right / (double) n;
    }

    /** Condition and the apparent diameter in pixels, in 16 logarithmic bins from 8 to 224 pixels. */
    private static String sizeKey(Sample s) {
        double mm = Double.parseDouble(s.metadata().get("lesionDiameterMm"));
        double mmPerPixel = Double.parseDouble(s.metadata().get("mmPerPixel"));
        double px = Math.max(8, Math.min(224, mm / mmPerPixel));
        int bin = (int) Math.min(15, Math.floor(16 * Math.log(px / 8) / Math.log(224 / 8.0)));
        return s.condition().name() + "/" + bin;
    }

    /** The index of the one concept of {@code options} the image has, or -1 (none or several). */
    private static int pick(Sample s, Concept... options) {
        int found = -1;
        for (int i = 0; i < options.length; i++) {
            if (s.concepts().contains(options[i])) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Cli.parse(args, List.of("model", "out", "train", "images", "threads"));
        if (!a.containsKey("model") || !a.containsKey("out")) {
            throw new IllegalArgumentException("--model DIR (with encoder/) and --out FILE are required");
        }
        int trainImages = Integer.parseInt(a.getOrDefault("train", "3300"));
        int heldOut = Integer.parseInt(a.getOrDefault("images", "1320"));
        int threads = Integer.parseInt(a.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        Runtimes.configure(1);
        Path dir = Path.of(a.get("model"));
        var descriptor = DemoEvaluation.descriptor(dir.resolve("encoder/model.json"));
        long t0 = System.nanoTime();
        List<Sample> trainSamples;
        List<float[]> trainFeatures;
        List<Sample> testSamples;
        List<float[]> testFeatures;
        int tokens;
        List<float[]> trainPixels = new ArrayList<>();
        List<float[]> testPixels = new ArrayList<>();
        List<float[]> trainVit = new ArrayList<>();
        List<float[]> testVit = new ArrayList<>();
        try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(descriptor,
                List.of(dir.resolve("encoder").resolve(descriptor.weights().get(0).path())), ai.djl.Device.cpu())) {
            tokens = encoder.outputTokens();
            trainSamples = new ArrayList<>();
            trainFeatures = encode(encoder, new SyntheticGenerator(DemoSpec.TRAIN_SEED, DemoSpec.PAINT_SIZE), trainImages,
                    threads, trainSamples, trainPixels, trainVit);
            testSamples = new ArrayList<>();
            testFeatures = encode(encoder, new SyntheticGenerator(DemoSpec.EVAL_SEED, DemoSpec.PAINT_SIZE), heldOut, threads,
                    testSamples, testPixels, testVit);
        }
        System.out.printf(Locale.ROOT, "[probe] %d + %d images encoded in %s%n", trainImages, heldOut,
                Progress.format((System.nanoTime() - t0) / 1e9));
        StringBuilder md = new StringBuilder();
        md.append("| attribute | images (train / held-out) | majority class | the true condition alone ")
                .append("| probe on the picture (16 x 16 RGB) ")
                .append("| probe on the ViT's mean | probe on the visual tokens' mean | probe on all ").append(tokens)
                .append(" visual tokens |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Task task : tasks()) {
            String row = probe(task, trainSamples, List.of(trainPixels, trainVit, trainFeatures), testSamples,
                    List.of(testPixels, testVit, testFeatures), tokens);
            System.out.println(row);
            md.append(row).append('\n');
        }
        String apparent = String.format(Locale.ROOT, "Size class from the lesion's apparent diameter in pixels (measured "
                + "exactly) with the true condition, no probe: %.1f%% of the held-out images.%n",
                100 * sizeFromApparentDiameter(trainSamples, testSamples));
        System.out.print(apparent);
        md.append('\n').append(apparent);
        String text = "Linear probes on the encoder's output (" + dir + "), trained on " + trainImages
                + " training images (seed " + DemoSpec.TRAIN_SEED + "), accuracy on " + heldOut
                + " held-out images (seed " + DemoSpec.EVAL_SEED + "):\n\n" + md;
        Files.writeString(Path.of(a.get("out")), text, StandardCharsets.UTF_8);
    }

    /** The picture averaged down to 16 x 16 RGB: what a linear model on the pixels themselves can read. */
    private static float[] thumbnail(java.awt.image.BufferedImage image) {
        int cells = 16;
        float[] out = new float[cells * cells * 3];
        int w = image.getWidth();
        int h = image.getHeight();
        int[] count = new int[cells * cells];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int cell = (y * cells / h) * cells + x * cells / w;
                int rgb = image.getRGB(x, y);
                out[cell * 3] += (rgb >> 16) & 255;
                out[cell * 3 + 1] += (rgb >> 8) & 255;
                out[cell * 3 + 2] += rgb & 255;
                count[cell]++;
            }
        }
        for (int c = 0; c < out.length; c++) {
            out[c] /= 255f * count[c / 3];
        }
        return out;
    }

    private static List<float[]> encode(MiniGpt4VisionEncoder encoder, SyntheticGenerator generator, int n, int threads,
                                        List<Sample> samples, List<float[]> thumbnails, List<float[]> vitMeans)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object[]>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Sample s = generator.generate(index);
                    ImageEmbedding e = encoder.encode(ImageSet.rgb(s.image()));
                    // The picture is not needed after encoding; keeping 4,000 of them would fill the heap.
                    Sample light = new Sample(s.index(), s.seed(), s.condition(), s.fitzpatrick(), s.concepts(), null,
                            s.metadata());
                    return new Object[] {light, e.toArray(), thumbnail(s.image()),
                        encoder.vitMean(ImageSet.rgb(s.image()))};
                }));
            }
            List<float[]> features = new ArrayList<>();
            for (Future<Object[]> f : futures) {
                Object[] r = f.get();
                samples.add((Sample) r[0]);
                features.add((float[]) r[1]);
                thumbnails.add((float[]) r[2]);
                vitMeans.add((float[]) r[3]);
            }
            return features;
        } finally {
            pool.shutdownNow();
        }
    }

    /** @param train and {@code test}: the picture, the ViT's mean, the visual tokens, per image */
    private static String probe(Task task, List<Sample> trainSamples, List<List<float[]>> train, List<Sample> testSamples,
                                List<List<float[]>> test, int tokens) {
        List<Integer> keepTrain = new ArrayList<>();
        List<Integer> yTrain = new ArrayList<>();
        labelled(task, trainSamples, keepTrain, yTrain);
        List<Integer> keepTest = new ArrayList<>();
        List<Integer> yTest = new ArrayList<>();
        labelled(task, testSamples, keepTest, yTest);
        int k = task.classes().size();
        int[] trainCounts = new int[k];
        yTrain.forEach(y -> trainCounts[y]++);
        int majority = 0;
        for (int c = 1; c < k; c++) {
            majority = trainCounts[c] > trainCounts[majority] ? c : majority;
        }
        int m = majority;
        double majorityAccuracy = yTest.stream().filter(y -> y == m).count() / (double) yTest.size();
        // The true condition alone: each condition's most frequent class in the training images.
        int conditions = org.skingpt.synthetic.Condition.values().length;
        int[][] byCondition = new int[conditions][k];
        for (int i = 0; i < keepTrain.size(); i++) {
            byCondition[trainSamples.get(keepTrain.get(i)).condition().ordinal()][yTrain.get(i)]++;
        }
        int fromCondition = 0;
        for (int i = 0; i < keepTest.size(); i++) {
            int[] counts = byCondition[testSamples.get(keepTest.get(i)).condition().ordinal()];
            int best = 0;
            for (int c = 1; c < k; c++) {
                best = counts[c] > counts[best] ? c : best;
            }
            fromCondition += best == yTest.get(i) ? 1 : 0;
        }
        double conditionAlone = fromCondition / (double) keepTest.size();
        double pixels = fitAndTest(rows(train.get(0), keepTrain), yTrain, rows(test.get(0), keepTest), yTest, k);
        double vit = fitAndTest(rows(train.get(1), keepTrain), yTrain, rows(test.get(1), keepTest), yTest, k);
        List<float[]> tokensTrain = rows(train.get(2), keepTrain);
        List<float[]> tokensTest = rows(test.get(2), keepTest);
        double mean = fitAndTest(mean(tokensTrain, tokens), yTrain, mean(tokensTest, tokens), yTest, k);
        double all = fitAndTest(tokensTrain, yTrain, tokensTest, yTest, k);
        return String.format(Locale.ROOT, "| %s | %d / %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% |",
                task.name(), yTrain.size(), yTest.size(), 100 * majorityAccuracy, 100 * conditionAlone, 100 * pixels,
                100 * vit, 100 * mean, 100 * all);
    }

    /** The images the attribute applies to ({@code keep}: their indices) and their classes. */
    private static void labelled(Task task, List<Sample> samples, List<Integer> keep, List<Integer> classes) {
        for (int i = 0; i < samples.size(); i++) {
            int y = task.label().apply(samples.get(i));
            if (y >= 0) {
                keep.add(i);
                classes.add(y);
            }
        }
    }

    private static List<float[]> rows(List<float[]> all, List<Integer> keep) {
        return keep.stream().map(all::get).toList();
    }

    private static List<float[]> mean(List<float[]> xs, int tokens) {
        List<float[]> out = new ArrayList<>();
        for (float[] x : xs) {
            int width = x.length / tokens;
            float[] m = new float[width];
            for (int t = 0; t < tokens; t++) {
                for (int j = 0; j < width; j++) {
                    m[j] += x[t * width + j] / tokens;
                }
            }
            out.add(m);
        }
        return out;
    }

    /** Held-out accuracy of a softmax regression ({@link SoftmaxRegression}) fitted on the training rows. */
    static double fitAndTest(List<float[]> xTrain, List<Integer> yTrain, List<float[]> xTest, List<Integer> yTest, int k) {
        return SoftmaxRegression.fit(xTrain, yTrain, k).accuracy(xTest, yTest);
    }
}
