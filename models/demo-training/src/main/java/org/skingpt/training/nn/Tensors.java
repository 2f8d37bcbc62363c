package org.skingpt.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays made from Java data whose memory libtorch owns.
 *
 * <p>DJL's PyTorch engine wraps a Java direct buffer without copying; the copy makes sure no tensor
 * that autograd saves for the backward pass depends on the lifetime of a Java object.
 */
public final class Tensors {

    private Tensors() {
    }

    public static NDArray of(NDManager m, float[] data, Shape shape) {
        try (NDArray wrapped = m.create(data, shape)) {
            return wrapped.duplicate();
        }
    }

    public static NDArray of(NDManager m, long[] data, Shape shape) {
        try (NDArray wrapped = m.create(data, shape)) {
            return wrapped.duplicate();
        }
    }
}
