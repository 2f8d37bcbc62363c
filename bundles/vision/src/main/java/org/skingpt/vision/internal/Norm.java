package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

/**
 * A PyTorch {@code nn.LayerNorm} over the last axis.
 *
 * @param weight {@code [width]}
 * @param bias   {@code [width]}
 * @param eps    added to the variance
 */
record Norm(NDArray weight, NDArray bias, float eps) {

    static Norm load(Parameters p, String prefix, long width, double eps) {
        return new Norm(p.get(prefix + ".weight", width), p.get(prefix + ".bias", width), (float) eps);
    }

    /** Normalises each row of {@code x}; the result belongs to {@code x}'s manager. */
    NDArray apply(NDArray x) {
        return LayerNorm.layerNorm(x, new Shape(weight.getShape().get(0)), weight, bias, eps).singletonOrThrow();
    }
}
