package org.skingpt.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.nn.Weights;

/** The finding head as one linear layer, and how it is written into an encoder bundle. */
class FindingHeadTrainerTest {

    @TempDir
    Path dir;

    /** Six classes, visible along a few of 24 dimensions with offsets and scales far from standardised. */
    private static SoftmaxRegression fitted(List<float[]> x) {
        SplittableRandom random = new SplittableRandom(3);
        List<Integer> y = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            int c = random.nextInt(6);
            float[] v = new float[24];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (random.nextGaussian() * (1 + j) + 10 * j);
            }
            v[2] += 6 * c;
            v[9] -= 9 * c;
            x.add(v);
            y.add(c);
        }
        SoftmaxRegression r = SoftmaxRegression.fit(x, y, 6);
        assertTrue(r.accuracy(x, y) > 0.7, "the classes are visible: " + r.accuracy(x, y));
        return r;
    }

    @Test
    void theLinearLayerOnTheRawFeaturesPicksTheSameClassAsTheRegression() {
        List<float[]> x = new ArrayList<>();
        SoftmaxRegression r = fitted(x);
        float[][] w = r.weights();
        float[] b = r.bias();
        assertEquals(6, w.length);
        assertEquals(24, w[0].length);
        for (float[] row : x) {
            int best = 0;
            double bestLogit = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 6; c++) {
                double logit = b[c];
                for (int j = 0; j < row.length; j++) {
                    logit += w[c][j] * row[j];
                }
                if (logit > bestLogit) {
                    bestLogit = logit;
                    best = c;
                }
            }
            assertEquals(r.predict(row), best);
        }
    }

    @Test
    void theHeadIsAddedToTheEncoderWithoutTouchingItsOtherTensorsAndTheDescriptorDeclaresIt() throws Exception {
        Path weights = dir.resolve("vision.safetensors");
        float[] vit = {0.5f, -1.25f, 3f, 0.125f};
        try (NDManager m = NDManager.newBaseManager(); OutputStream out = Files.newOutputStream(weights)) {
            Weights.write(out, Map.of("ln_vision.weight", m.create(vit, new Shape(4))), Weights.StoredType.F16,
                    Map.of("producer", "test"));
        }
        Path json = dir.resolve("model.json");
        Files.writeString(json, "{\"name\": \"v\", \"hyperParameters\": {\"image_size\": 112, \"layer_norm_eps\": 1.0E-6},"
                + " \"weights\": [{\"path\": \"vision.safetensors\", \"sha256\": \"00\"}]}", StandardCharsets.UTF_8);
        List<float[]> x = new ArrayList<>();
        SoftmaxRegression head = fitted(x);
        for (int round = 0; round < 2; round++) { // a second run replaces the head
            FindingHeadTrainer.write(weights, json, FindingHeadTrainer.FITZPATRICK, head);
            JsonObject d = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
            JsonObject hyper = d.getAsJsonObject("hyperParameters");
            assertEquals("[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"]", hyper.get("findings.fitzpatrick").toString());
            assertEquals("112", hyper.get("image_size").toString(), "integers stay integers");
            assertEquals(DemoBundles.sha256(weights), d.getAsJsonArray("weights").get(0).getAsJsonObject().get("sha256")
                    .getAsString());
            try (NDManager m = NDManager.newBaseManager();
                 Weights w = Weights.open(m, DataType.FLOAT32, List.of(weights))) {
                assertEquals(List.of("findings.fitzpatrick.bias", "findings.fitzpatrick.weight", "ln_vision.weight"),
                        new ArrayList<>(w.names()));
                assertArrayEquals(vit, w.get("ln_vision.weight", 4).toFloatArray());
                NDArray stored = w.get("findings.fitzpatrick.weight", 6, 24);
                float[] expected = head.weights()[1];
                float[] actual = java.util.Arrays.copyOfRange(stored.toFloatArray(), 24, 48);
                for (int j = 0; j < 24; j++) {
                    assertEquals(expected[j], actual[j], Math.abs(expected[j]) * 1e-3 + 1e-6, "F16 of row 1, column " + j);
                }
            }
        }
    }
}
