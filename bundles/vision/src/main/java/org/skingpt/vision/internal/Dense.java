package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/**
 * A PyTorch {@code nn.Linear}: {@code y = x W^T + b}, weight stored {@code [out, in]}.
 *
 * @param weight {@code [out, in]}
 * @param bias   {@code [out]}
 */
record Dense(NDArray weight, NDArray bias) {

    static Dense load(Parameters p, String prefix, long out, long in) {
        return new Dense(p.get(prefix + ".weight", out, in), p.get(prefix + ".bias", out));
    }

    /** Output width. */
    long out() {
        return weight.getShape().get(0);
    }

    /** {@code x [T, in]} to {@code [T, out]}; the result belongs to {@code x}'s manager. */
    NDArray apply(NDArray x) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }
}
