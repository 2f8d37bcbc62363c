package org.skingpt.vision.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Optional;
import org.skingpt.nn.Weights;

/**
 * Moves the tensors a model needs out of {@link Weights} into a manager the model owns, so the model
 * outlives the {@code Weights} it was read from and frees exactly its own arrays when closed.
 */
final class Parameters {

    private final Weights weights;
    private final NDManager owner;

    Parameters(Weights weights, NDManager owner) {
        this.weights = weights;
        this.owner = owner;
    }

    /**
     * Reads a tensor that must exist with this shape.
     *
     * @throws org.skingpt.api.model.ModelLoadException naming the tensor when missing or mis-shaped
     */
    NDArray get(String name, long... shape) {
        NDArray array = weights.get(name, shape);
        array.attach(owner);
        return array;
    }

    boolean contains(String name) {
        return weights.contains(name);
    }

    Optional<long[]> shapeOf(String name) {
        return weights.shapeOf(name);
    }

    /** Manager of the model's parameters; arrays derived from them at load time land here too. */
    NDManager owner() {
        return owner;
    }
}
