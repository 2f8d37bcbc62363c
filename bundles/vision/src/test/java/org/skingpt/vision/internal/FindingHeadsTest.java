package org.skingpt.vision.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.ImageFinding;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.model.ModelLoadException;
import org.skingpt.nn.Weights;

/** The encoder's optional classification heads ("findings.<name>"): what they read and how a bad one is refused. */
class FindingHeadsTest {

    @TempDir
    Path dir;

    private static final List<String> CLASSES = List.of("1", "2", "3");

    private static RgbImage photo(long seed) {
        byte[] rgb = new byte[40 * 44 * 3];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(40, 44, rgb);
    }

    private static Map<String, Object> withHead() {
        Map<String, Object> hp = new HashMap<>(TinyModel.HYPER_PARAMETERS);
        hp.put("findings.fitzpatrick", CLASSES);
        return hp;
    }

    /** The tiny model's tensors plus a head {@code findings.fitzpatrick} with the given weight [3, 16] and bias [3]. */
    private Path writeWithHead(TinyModel model, float[] weight, float[] bias, long[] weightShape) throws Exception {
        Path file = dir.resolve("head.safetensors");
        try (NDManager m = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            Map<String, NDArray> arrays = new HashMap<>();
            model.values.forEach((name, v) -> arrays.put(name, m.create(v, new Shape(model.shapes.get(name)))));
            arrays.put("findings.fitzpatrick.weight", m.create(weight, new Shape(weightShape)));
            arrays.put("findings.fitzpatrick.bias", m.create(bias));
            Weights.write(out, arrays, Weights.StoredType.F32, Map.of());
        }
        return file;
    }

    @Test
    void theHeadNamesTheLikeliestClassOfTheLinearLayerOnThePooledVitOutput() throws Exception {
        TinyModel model = TinyModel.standard();
        Path plain = model.write(dir.resolve("plain.safetensors"));
        // Random images differ little in their pooled ViT output: a head that tells them apart weighs each class by how
        // one image departs from the mean of the first three (the "prototypes"), so the images' classes differ.
        float[][] prototypes = new float[3][];
        try (MiniGpt4VisionEncoder without = MiniGpt4VisionEncoder.load(TinyModel.descriptor(TinyModel.HYPER_PARAMETERS),
                List.of(plain), Device.cpu())) {
            for (int c = 0; c < 3; c++) {
                prototypes[c] = without.vitMean(photo(c));
            }
        }
        float[] weight = new float[3 * 16];
        float[] bias = new float[3];
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < 16; j++) {
                float mean = (prototypes[0][j] + prototypes[1][j] + prototypes[2][j]) / 3;
                weight[c * 16 + j] = 50 * (prototypes[c][j] - mean);
                bias[c] -= weight[c * 16 + j] * mean;
            }
        }
        Path file = writeWithHead(model, weight, bias, new long[] {3, 16});
        int[] seen = new int[3];
        try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(TinyModel.descriptor(withHead()), List.of(file), Device.cpu());
             MiniGpt4VisionEncoder without = MiniGpt4VisionEncoder.load(TinyModel.descriptor(TinyModel.HYPER_PARAMETERS),
                     List.of(plain), Device.cpu())) {
            for (long seed = 0; seed < 12; seed++) {
                RgbImage image = photo(seed);
                float[] pooled = encoder.vitMean(image);
                double[] logits = new double[3];
                for (int c = 0; c < 3; c++) {
                    logits[c] = bias[c];
                    for (int j = 0; j < 16; j++) {
                        logits[c] += weight[c * 16 + j] * pooled[j];
                    }
                }
                int best = 0;
                for (int c = 1; c < 3; c++) {
                    best = logits[c] > logits[best] ? c : best;
                }
                double sum = 0;
                for (double l : logits) {
                    sum += Math.exp(l - logits[best]);
                }
                ImageEmbedding e = encoder.encode(image);
                assertEquals(1, e.findings().size());
                ImageFinding f = e.findings().get(0);
                assertEquals("fitzpatrick", f.name());
                assertEquals(CLASSES.get(best), f.value(), "image " + seed);
                assertEquals(1 / sum, f.probability(), 1e-4);
                seen[best]++;
                // The head never changes the visual tokens, and an encoder without one reports nothing.
                ImageEmbedding plainEmbedding = without.encode(image);
                assertArrayEquals(plainEmbedding.toArray(), e.toArray());
                assertEquals(List.of(), plainEmbedding.findings());
            }
        }
        assertTrue(seen[0] > 0 && seen[1] > 0 && seen[2] > 0,
                "the classes found depend on the image: " + java.util.Arrays.toString(seen));
    }

    @Test
    void aDeclaredHeadWithoutItsTensorsFailsTheLoadNamingTheTensor() throws Exception {
        TinyModel model = TinyModel.standard();
        Path plain = model.write(dir.resolve("plain.safetensors"));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> MiniGpt4VisionEncoder.load(TinyModel.descriptor(withHead()), List.of(plain), Device.cpu()).close());
        assertTrue(e.getMessage().contains("'findings.fitzpatrick.weight'") && e.getMessage().contains("[3, 16]"),
                e.getMessage());
        Path misShaped = writeWithHead(model, new float[4 * 16], new float[3], new long[] {4, 16});
        e = assertThrows(ModelLoadException.class,
                () -> MiniGpt4VisionEncoder.load(TinyModel.descriptor(withHead()), List.of(misShaped), Device.cpu()).close());
        assertTrue(e.getMessage().contains("'findings.fitzpatrick.weight' has shape [4, 16]"), e.getMessage());
    }

    @Test
    void badDeclarationsAreRefusedWithTheKey() throws Exception {
        Path plain = TinyModel.standard().write(dir.resolve("plain.safetensors"));
        Map<Object, String> cases = Map.of(
                List.of("1"), "at least two",
                "1,2,3", "must list the head's classes",
                List.of("I", "II"), "class 'I' is not lower-case",
                List.of("1", "1"), "class '1' is listed twice");
        for (var c : cases.entrySet()) {
            Map<String, Object> hp = new HashMap<>(TinyModel.HYPER_PARAMETERS);
            hp.put("findings.fitzpatrick", c.getKey());
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> MiniGpt4VisionEncoder.load(TinyModel.descriptor(hp), List.of(plain), Device.cpu()).close());
            assertTrue(e.getMessage().contains("findings.fitzpatrick") && e.getMessage().contains(c.getValue()),
                    e.getMessage());
        }
        Map<String, Object> hp = new HashMap<>(TinyModel.HYPER_PARAMETERS);
        hp.put("findings.Skin Type", CLASSES);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> MiniGpt4VisionEncoder.load(TinyModel.descriptor(hp), List.of(plain), Device.cpu()).close());
        assertTrue(e.getMessage().contains("a finding's name is lower-case"), e.getMessage());
    }
}
