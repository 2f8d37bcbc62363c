package org.skingpt.vision.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skingpt.nn.Weights;

/**
 * Each layer through DJL and libtorch against {@link Reference}'s loops, on the tiny model's random
 * weights. Every result must also belong to the call's scope, not to the parameters' manager.
 */
class LayersTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path dir;

    private static TinyModel model;
    private static VisionConfig config;
    private static NDManager owner;
    private static Parameters parameters;

    private NDManager scope;
    private final Random random = new Random(7);

    @BeforeAll
    static void loadWeights() throws Exception {
        model = TinyModel.standard();
        config = model.config;
        owner = NDManager.newBaseManager();
        try (Weights weights = Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(model.write(dir.resolve("tiny.safetensors"))))) {
            // Load everything the tests use now: Parameters keeps arrays after Weights is closed.
            parameters = new Parameters(weights, owner);
            layers = new HashMap<>();
            layers.put("vit", EvaVit.load(parameters, config));
            layers.put("block0", EvaBlock.load(parameters, 0, config));
            layers.put("ln_vision", Norm.load(parameters, "ln_vision", config.vitWidth(), config.lnVisionEps()));
            layers.put("self", BertAttention.load(parameters, "Qformer.bert.encoder.layer.1.attention", config.qformerWidth(), config));
            layers.put("cross", BertAttention.load(parameters, "Qformer.bert.encoder.layer.0.crossattention", config.vitWidth(), config));
            layers.put("layer0", QFormerLayer.load(parameters, 0, config));
            layers.put("layer1", QFormerLayer.load(parameters, 1, config));
            layers.put("projection", Projection.load(parameters, config));
        }
    }

    private static Map<String, Object> layers;

    @AfterAll
    static void free() {
        owner.close();
    }

    @BeforeEach
    void openScope() {
        scope = owner.newSubManager();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    private double[][] randomRows(int rows, int columns, double scale) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            for (int i = 0; i < columns; i++) {
                row[i] = (random.nextDouble() * 2 - 1) * scale;
            }
        }
        return m;
    }

    private NDArray array(double[][] m) {
        return scope.create(Reference.flat(m), new Shape(m.length, m[0].length));
    }

    private void assertMatches(double[][] expected, NDArray actual) {
        assertSame(scope, actual.getManager(), "result must belong to the call's scope");
        assertEquals(new Shape(expected.length, expected[0].length), actual.getShape());
        float[] got = actual.toFloatArray();
        double worst = 0;
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                double e = expected[r][c];
                double error = Math.abs(got[r * expected[r].length + c] - e) / Math.max(1, Math.abs(e));
                worst = Math.max(worst, error);
            }
        }
        assertTrue(worst <= TOLERANCE, "largest error " + worst + " exceeds " + TOLERANCE);
    }

    @Test
    void geluIsTheErfFormAcrossItsRange() {
        double[][] x = new double[1][121];
        for (int i = 0; i < 121; i++) {
            x[0][i] = -6 + i * 0.1;
        }
        assertMatches(Reference.gelu(x), Ops.gelu(array(x)));
        // -Phi(-1); the tanh approximation would give -0.158808, 1.5e-4 away.
        assertEquals(-0.15865525393145707, Reference.gelu(new double[][] {{-1}})[0][0], 1e-12);
        assertEquals(-0.15865525f, Ops.gelu(scope.create(new float[] {-1f})).getFloat(0), 1e-6f);
    }

    @Test
    void multiHeadAttentionWithDifferentQueryAndKeyLengths() {
        double[][] q = randomRows(3, 12, 1.5);
        double[][] k = randomRows(7, 12, 1.5);
        double[][] v = randomRows(7, 12, 1);
        assertMatches(Reference.attention(q, k, v, 3), Ops.attention(array(q), array(k), array(v), 3));
    }

    @Test
    void patchEmbeddingWithClassTokenAndPositions() {
        int s = config.imageSize();
        float[] chw = Reference.flat(randomRows(1, 3 * s * s, 2));
        NDArray pixels = scope.create(chw, new Shape(1, 3, s, s));
        assertMatches(model.vitEmbed(chw), ((EvaVit) layers.get("vit")).embed(pixels));
    }

    @Test
    void layerNorm() {
        double[][] x = randomRows(5, config.vitWidth(), 3);
        for (int i = 0; i < x[0].length; i++) {
            x[1][i] += 10; // a large mean must not hurt
        }
        assertMatches(Reference.layerNorm(x, model.v("ln_vision.weight"), model.v("ln_vision.bias"), config.lnVisionEps()),
                ((Norm) layers.get("ln_vision")).apply(array(x)));
    }

    @Test
    void evaAttentionWithQueryAndValueBiasOnly() {
        double[][] x = randomRows(config.vitTokens(), config.vitWidth(), 1);
        String b = "visual_encoder.blocks.0.attn";
        double[][] expected = Reference.evaAttention(x, model.v(b + ".qkv.weight"), model.v(b + ".q_bias"),
                model.v(b + ".v_bias"), model.v(b + ".proj.weight"), model.v(b + ".proj.bias"), config.vitHeads());
        assertMatches(expected, ((EvaBlock) layers.get("block0")).attention(array(x)));
        // The value bias must sit in the last third: swapping it with the (zero) key bias changes the result.
        double[][] swapped = Reference.evaAttention(x, model.v(b + ".qkv.weight"), model.v(b + ".q_bias"),
                new float[config.vitWidth()], model.v(b + ".proj.weight"), model.v(b + ".proj.bias"), config.vitHeads());
        assertFalse(Math.abs(swapped[0][0] - expected[0][0]) < 1e-3, "test weights too weak to tell the bias layout apart");
    }

    @Test
    void evaMlpWithExactGelu() {
        double[][] x = randomRows(config.vitTokens(), config.vitWidth(), 2);
        assertMatches(model.evaMlp(0, x), ((EvaBlock) layers.get("block0")).mlp(array(x)));
    }

    @Test
    void fullVitBlock() {
        double[][] x = randomRows(config.vitTokens(), config.vitWidth(), 1);
        assertMatches(model.evaBlock(0, x), ((EvaBlock) layers.get("block0")).forward(array(x)));
    }

    @Test
    void qformerSelfAttention() {
        double[][] h = randomRows(config.numQueryTokens(), config.qformerWidth(), 1);
        assertMatches(model.bertAttention("Qformer.bert.encoder.layer.1.attention", h, h),
                ((BertAttention) layers.get("self")).forward(array(h), array(h)));
    }

    @Test
    void qformerCrossAttentionProjectsKeysAndValuesFromTheVisionWidth() {
        double[][] h = randomRows(config.numQueryTokens(), config.qformerWidth(), 1);
        double[][] image = randomRows(config.vitTokens(), config.vitWidth(), 1);
        assertMatches(model.bertAttention("Qformer.bert.encoder.layer.0.crossattention", h, image),
                ((BertAttention) layers.get("cross")).forward(array(h), array(image)));
    }

    @Test
    void qformerLayerWithCrossAttention() {
        QFormerLayer layer = (QFormerLayer) layers.get("layer0");
        assertTrue(layer.hasCrossAttention(), "layer 0 has cross-attention when cross_attention_freq is 2");
        double[][] q = randomRows(config.numQueryTokens(), config.qformerWidth(), 1);
        double[][] image = randomRows(config.vitTokens(), config.vitWidth(), 1);
        assertMatches(model.qformerLayer(0, q, image), layer.forward(array(q), array(image)));
    }

    @Test
    void qformerLayerWithoutCrossAttentionIgnoresTheImage() {
        QFormerLayer layer = (QFormerLayer) layers.get("layer1");
        assertFalse(layer.hasCrossAttention(), "layer 1 has no cross-attention when cross_attention_freq is 2");
        double[][] q = randomRows(config.numQueryTokens(), config.qformerWidth(), 1);
        NDArray a = layer.forward(array(q), array(randomRows(config.vitTokens(), config.vitWidth(), 1)));
        NDArray b = layer.forward(array(q), array(randomRows(config.vitTokens(), config.vitWidth(), 1)));
        assertMatches(model.qformerLayer(1, q, null), a);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
    }

    @Test
    void linearProjection() {
        Projection projection = (Projection) layers.get("projection");
        assertEquals(10, projection.outputWidth());
        double[][] x = randomRows(config.numQueryTokens(), config.qformerWidth(), 1);
        assertMatches(model.project(x), projection.forward(array(x)));
    }

    @Test
    void mlpProjection() throws Exception {
        Map<String, Object> hp = new HashMap<>(TinyModel.HYPER_PARAMETERS);
        hp.put("projector", "mlp2x_gelu");
        hp.put("llm_width", 14);
        TinyModel mlp = new TinyModel(hp, 3);
        try (Weights weights = Weights.open(NDManager.newBaseManager(), DataType.FLOAT32, List.of(mlp.write(dir.resolve("mlp.safetensors"))))) {
            Projection projection = Projection.load(new Parameters(weights, scope), mlp.config);
            assertEquals(14, projection.outputWidth());
            double[][] x = randomRows(config.numQueryTokens(), config.qformerWidth(), 1);
            assertMatches(mlp.project(x), projection.forward(array(x)));
        }
    }
}
