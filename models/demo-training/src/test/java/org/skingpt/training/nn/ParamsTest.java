package org.skingpt.training.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient bookkeeping of the training parameters on real libtorch. */
class ParamsTest {

    private static float[] gradient(NDArray p) {
        try (NDArray g = p.getGradient()) {
            return g.toFloatArray();
        }
    }

    private static void backward(NDManager m, NDArray p, float[] factors) {
        try (NDManager step = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(p.mul(step.create(factors, new Shape(factors.length))).sum());
        }
    }

    @Test
    void aNonFiniteGradientDoesNotOutliveClearing() {
        try (NDManager m = NDManager.newBaseManager()) {
            Params params = new Params(m, 1);
            NDArray p = params.normal("w", 1, 3);
            backward(m, p, new float[] {1, Float.NaN, Float.POSITIVE_INFINITY});
            assertTrue(Float.isNaN(gradient(p)[1]));
            // What the trainer did before: multiplying by zero keeps the NaN (and turns inf into NaN).
            try (NDArray g = p.getGradient()) {
                g.muli(0f);
            }
            assertTrue(Float.isNaN(gradient(p)[1]), "NaN * 0 stays NaN");

            params.clearGradients(n -> n.equals("w"));
            assertArrayEquals(new float[] {0, 0, 0}, gradient(p));
            backward(m, p, new float[] {2, 3, 4});
            assertArrayEquals(new float[] {2, 3, 4}, gradient(p), "the next step's gradient alone");
        }
    }

    @Test
    void nonFiniteNamesTheParametersWithNaNOrInfinity() {
        try (NDManager m = NDManager.newBaseManager()) {
            Params params = new Params(m, 1);
            params.normal("a", 1, 4);
            params.normal("b", 1, 4);
            assertEquals(List.of(), params.nonFinite(n -> true));
            params.assign("b", new float[] {0, Float.NaN, 1, 2});
            assertEquals(List.of("b"), params.nonFinite(n -> true));
            assertFalse(params.nonFinite(n -> n.equals("a")).contains("b"));
        }
    }
}
