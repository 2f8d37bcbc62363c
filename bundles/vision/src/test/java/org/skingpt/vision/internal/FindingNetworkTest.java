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
import java.util.LinkedHashMap;
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

/**
 * The encoder's finding network ("finding_network.*"): the findings of the heads that read it are what the documented
 * computation gives, written out here in plain loops, and a bad declaration or tensor is refused naming it.
 */
class FindingNetworkTest {

    @TempDir
    Path dir;

    /** The tiny model's 42-px input averaged to 21 px; two layers of 4 and 6 channels; head "count" on it. */
    private static final int SIDE = 21;
    private static final int[] CHANNELS = {4, 6};
    private static final List<String> CLASSES = List.of("single", "multiple");

    private static RgbImage photo(long seed) {
        byte[] rgb = new byte[40 * 44 * 3];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(40, 44, rgb);
    }

    private static Map<String, Object> declaring() {
        Map<String, Object> hp = new HashMap<>(TinyModel.HYPER_PARAMETERS);
        hp.put("findings.count", CLASSES);
        hp.put("finding_network.image_size", SIDE);
        hp.put("finding_network.channels", List.of(CHANNELS[0], CHANNELS[1]));
        hp.put("finding_network.findings", List.of("count"));
        return hp;
    }

    /** Seeded random tensors of the network and its head, by name. */
    private static Map<String, float[]> networkTensors(Map<String, long[]> shapes) {
        Random random = new Random(7);
        Map<String, float[]> out = new LinkedHashMap<>();
        int in = 3;
        for (int i = 0; i < CHANNELS.length; i++) {
            int k = i == 0 ? 5 : 3;
            int out0 = CHANNELS[i];
            put(out, shapes, random, "finding_network.conv." + i + ".weight", 1 / Math.sqrt(in * k * k), out0, in, k, k);
            put(out, shapes, random, "finding_network.conv." + i + ".bias", 0.2, out0);
            put(out, shapes, random, "finding_network.norm." + i + ".weight", 1, out0);
            put(out, shapes, random, "finding_network.norm." + i + ".bias", 0.3, out0);
            in = out0;
        }
        put(out, shapes, random, "findings.count.weight", 3, 2, 2L * CHANNELS[CHANNELS.length - 1]);
        put(out, shapes, random, "findings.count.bias", 0.5, 2);
        return out;
    }

    private static void put(Map<String, float[]> out, Map<String, long[]> shapes, Random random, String name,
                            double scale, long... shape) {
        out.put(name, TinyModel.uniform(random, scale, shape));
        shapes.put(name, shape);
    }

    private Path write(TinyModel model, Map<String, float[]> extra, Map<String, long[]> shapes) throws Exception {
        Path file = dir.resolve("network.safetensors");
        try (NDManager m = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(file)) {
            Map<String, NDArray> arrays = new HashMap<>();
            model.values.forEach((name, v) -> arrays.put(name, m.create(v, new Shape(model.shapes.get(name)))));
            extra.forEach((name, v) -> arrays.put(name, m.create(v, new Shape(shapes.get(name)))));
            Weights.write(out, arrays, Weights.StoredType.F32, Map.of());
        }
        return file;
    }

    @Test
    void theHeadOnTheNetworkFindsWhatTheDocumentedLayersComputeAndTheVisualTokensStayTheSame() throws Exception {
        TinyModel model = TinyModel.standard();
        Map<String, long[]> shapes = new HashMap<>();
        Map<String, float[]> t = networkTensors(shapes);
        Path file = write(model, t, shapes);
        Path plain = model.write(dir.resolve("plain.safetensors"));
        ImagePreprocessor pre = new ImagePreprocessor(42, model.config.imageMean(), model.config.imageStd());
        int[] seen = new int[2];
        try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(TinyModel.descriptor(declaring()), List.of(file),
                Device.cpu());
             MiniGpt4VisionEncoder without = MiniGpt4VisionEncoder.load(TinyModel.descriptor(TinyModel.HYPER_PARAMETERS),
                     List.of(plain), Device.cpu())) {
            for (long seed = 0; seed < 16; seed++) {
                RgbImage image = photo(seed);
                double[] p = reference(pre.toChw(image), t);
                int best = p[1] > p[0] ? 1 : 0;
                ImageEmbedding e = encoder.encode(image);
                assertEquals(1, e.findings().size());
                ImageFinding f = e.findings().get(0);
                assertEquals("count", f.name());
                assertEquals(CLASSES.get(best), f.value(), "image " + seed);
                assertEquals(p[best], f.probability(), 1e-4, "image " + seed);
                seen[best]++;
                assertArrayEquals(without.encode(image).toArray(), e.toArray(), "the network never changes the tokens");
            }
        }
        assertTrue(seen[0] > 0 && seen[1] > 0, "the class found depends on the image: " + java.util.Arrays.toString(seen));
    }

    /** The documented computation in plain loops: block average, convolutions, channel norm, ReLU, mean+max, head. */
    private static double[] reference(float[] chw, Map<String, float[]> t) {
        double[] features = features(chw, t);
        float[] w = t.get("findings.count.weight");
        float[] b = t.get("findings.count.bias");
        double[] logits = new double[2];
        for (int cl = 0; cl < 2; cl++) {
            logits[cl] = b[cl];
            for (int j = 0; j < features.length; j++) {
                logits[cl] += w[cl * features.length + j] * features[j];
            }
        }
        double m = Math.max(logits[0], logits[1]);
        double z = Math.exp(logits[0] - m) + Math.exp(logits[1] - m);
        return new double[] {Math.exp(logits[0] - m) / z, Math.exp(logits[1] - m) / z};
    }

    /** The network's features in plain loops: block average, convolutions, channel norm, ReLU, mean+max. */
    private static double[] features(float[] chw, Map<String, float[]> t) {
        int side = 42;
        int block = side / SIDE;
        double[][][] x = new double[3][SIDE][SIDE];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIDE; y++) {
                for (int xx = 0; xx < SIDE; xx++) {
                    double s = 0;
                    for (int dy = 0; dy < block; dy++) {
                        for (int dx = 0; dx < block; dx++) {
                            s += chw[(c * side + y * block + dy) * side + xx * block + dx];
                        }
                    }
                    x[c][y][xx] = s / (block * block);
                }
            }
        }
        int in = 3;
        for (int l = 0; l < CHANNELS.length; l++) {
            int k = l == 0 ? 5 : 3;
            int pad = k / 2;
            int h = x[0].length;
            int o = (h + 2 * pad - k) / 2 + 1;
            int outC = CHANNELS[l];
            float[] w = t.get("finding_network.conv." + l + ".weight");
            float[] b = t.get("finding_network.conv." + l + ".bias");
            float[] g = t.get("finding_network.norm." + l + ".weight");
            float[] nb = t.get("finding_network.norm." + l + ".bias");
            double[][][] y = new double[outC][o][o];
            for (int oc = 0; oc < outC; oc++) {
                for (int i = 0; i < o; i++) {
                    for (int j = 0; j < o; j++) {
                        double s = b[oc];
                        for (int ic = 0; ic < in; ic++) {
                            for (int di = 0; di < k; di++) {
                                for (int dj = 0; dj < k; dj++) {
                                    int yi = 2 * i - pad + di;
                                    int xj = 2 * j - pad + dj;
                                    if (yi >= 0 && yi < h && xj >= 0 && xj < h) {
                                        s += w[((oc * in + ic) * k + di) * k + dj] * x[ic][yi][xj];
                                    }
                                }
                            }
                        }
                        y[oc][i][j] = s;
                    }
                }
            }
            for (int i = 0; i < o; i++) {
                for (int j = 0; j < o; j++) {
                    double mean = 0;
                    for (int oc = 0; oc < outC; oc++) {
                        mean += y[oc][i][j];
                    }
                    mean /= outC;
                    double var = 0;
                    for (int oc = 0; oc < outC; oc++) {
                        var += (y[oc][i][j] - mean) * (y[oc][i][j] - mean);
                    }
                    var /= outC;
                    for (int oc = 0; oc < outC; oc++) {
                        double n = (y[oc][i][j] - mean) / Math.sqrt(var + 1e-5) * g[oc] + nb[oc];
                        y[oc][i][j] = Math.max(0, n);
                    }
                }
            }
            x = y;
            in = outC;
        }
        int c = x.length;
        double[] features = new double[2 * c];
        for (int oc = 0; oc < c; oc++) {
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : x[oc]) {
                for (double v : row) {
                    sum += v;
                    max = Math.max(max, v);
                }
            }
            features[oc] = sum / (x[oc].length * x[oc].length);
            features[c + oc] = max;
        }
        return features;
    }

    @Test
    void theLanguageModelReadsTheNetworkAsKMoreTokensAfterTheQFormersOnes() throws Exception {
        TinyModel model = TinyModel.standard();
        Map<String, long[]> shapes = new HashMap<>();
        Map<String, float[]> t = networkTensors(shapes);
        Path plain = model.write(dir.resolve("plain.safetensors"));
        int k = 2;
        int featureWidth = 2 * CHANNELS[CHANNELS.length - 1];
        ImagePreprocessor pre = new ImagePreprocessor(42, model.config.imageMean(), model.config.imageStd());
        try (MiniGpt4VisionEncoder without = MiniGpt4VisionEncoder.load(TinyModel.descriptor(TinyModel.HYPER_PARAMETERS),
                List.of(plain), Device.cpu())) {
            int width = without.outputWidth();
            int query = without.outputTokens();
            Random random = new Random(11);
            put(t, shapes, random, "finding_network.tokens.weight", 0.5, (long) k * width, featureWidth);
            put(t, shapes, random, "finding_network.tokens.bias", 0.5, (long) k * width);
            Path file = write(model, t, shapes);
            Map<String, Object> hp = declaring();
            hp.put("finding_network.tokens", k);
            try (MiniGpt4VisionEncoder encoder = MiniGpt4VisionEncoder.load(TinyModel.descriptor(hp), List.of(file),
                    Device.cpu())) {
                assertEquals(query + k, encoder.outputTokens());
                float[] w = t.get("finding_network.tokens.weight");
                float[] b = t.get("finding_network.tokens.bias");
                float[][] last = new float[2][];
                for (long seed = 0; seed < 4; seed++) {
                    RgbImage image = photo(seed);
                    ImageEmbedding e = encoder.encode(image);
                    assertEquals(query + k, e.tokens());
                    float[] all = e.toArray();
                    float[] qformer = without.encode(image).toArray();
                    assertArrayEquals(qformer, java.util.Arrays.copyOf(all, qformer.length), "the Q-Former's tokens come first, unchanged");
                    double[] f = features(pre.toChw(image), t);
                    for (int row = 0; row < k * width; row++) {
                        double v = b[row];
                        for (int j = 0; j < featureWidth; j++) {
                            v += w[row * featureWidth + j] * f[j];
                        }
                        assertEquals(v, all[qformer.length + row], 1e-3 * (1 + Math.abs(v)), "token value " + row + ", image " + seed);
                    }
                    assertEquals(1, e.findings().size(), "the heads still read the network");
                    last[(int) (seed % 2)] = java.util.Arrays.copyOfRange(all, qformer.length, all.length);
                }
                assertTrue(!java.util.Arrays.equals(last[0], last[1]), "the network's tokens depend on the image");
            }
            for (Object bad : List.of(0, 17, 1.5, "two")) {
                Map<String, Object> badHp = declaring();
                badHp.put("finding_network.tokens", bad);
                ModelLoadException e = assertThrows(ModelLoadException.class,
                        () -> MiniGpt4VisionEncoder.load(TinyModel.descriptor(badHp), List.of(file), Device.cpu()).close());
                assertTrue(e.getMessage().contains("finding_network.tokens"), e.getMessage());
            }
            Map<String, long[]> noTokenShapes = new HashMap<>();
            Path withoutTensors = write(model, networkTensors(noTokenShapes), noTokenShapes);
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> MiniGpt4VisionEncoder.load(TinyModel.descriptor(hp), List.of(withoutTensors), Device.cpu()).close());
            assertTrue(e.getMessage().contains("finding_network.tokens.weight"), e.getMessage());
        }
    }

    @Test
    void badDeclarationsAndMissingTensorsAreRefusedNamingThem() throws Exception {
        TinyModel model = TinyModel.standard();
        Map<String, long[]> shapes = new HashMap<>();
        Path file = write(model, networkTensors(shapes), shapes);
        Map<String, Map.Entry<Object, String>> cases = new LinkedHashMap<>();
        cases.put("finding_network.image_size", Map.entry(20, "divide the encoder's image_size 42"));
        cases.put("finding_network.channels", Map.entry("4,6", "must list each layer's output channels"));
        cases.put("finding_network.findings", Map.entry(List.of("fitzpatrick"), "'fitzpatrick' is not a declared head"));
        cases.put("finding_network.kernels", Map.entry(List.of(5, 3), "unknown hyper-parameter 'finding_network.kernels'"));
        for (var c : cases.entrySet()) {
            Map<String, Object> hp = declaring();
            hp.put(c.getKey(), c.getValue().getKey());
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> MiniGpt4VisionEncoder.load(TinyModel.descriptor(hp), List.of(file), Device.cpu()).close());
            assertTrue(e.getMessage().contains(c.getValue().getValue()), e.getMessage());
        }
        Map<String, Object> wider = declaring();
        wider.put("finding_network.channels", List.of(5, 6));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> MiniGpt4VisionEncoder.load(TinyModel.descriptor(wider), List.of(file), Device.cpu()).close());
        assertTrue(e.getMessage().contains("'finding_network.conv.0.weight' has shape [4, 3, 5, 5]"), e.getMessage());
        Path plain = model.write(dir.resolve("plain.safetensors"));
        e = assertThrows(ModelLoadException.class,
                () -> MiniGpt4VisionEncoder.load(TinyModel.descriptor(declaring()), List.of(plain), Device.cpu()).close());
        assertTrue(e.getMessage().contains("'finding_network.conv.0.weight'") || e.getMessage().contains("'findings.count.weight'"),
                e.getMessage());
    }
}
