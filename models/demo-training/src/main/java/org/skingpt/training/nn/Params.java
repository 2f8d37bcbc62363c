package org.skingpt.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The trainable tensors of a model, by their public (LAVIS / Hugging Face) names, so that what is
 * trained is saved under exactly the names the inference bundles load. Float32, in one manager;
 * initialised from a seeded Java random stream, so a run is reproducible from its seed.
 */
public final class Params {

    private final NDManager manager;
    private final SplittableRandom random;
    private final Map<String, NDArray> tensors = new LinkedHashMap<>();

    public Params(NDManager manager, long seed) {
        this.manager = manager;
        this.random = new SplittableRandom(seed);
    }

    public NDManager manager() {
        return manager;
    }

    /** Normal(0, std) initialised tensor. */
    public NDArray normal(String name, double std, long... shape) {
        long n = new Shape(shape).size();
        float[] values = new float[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (gaussian() * std);
        }
        return put(name, Tensors.of(manager, values, new Shape(shape)));
    }

    public NDArray zeros(String name, long... shape) {
        return put(name, manager.zeros(new Shape(shape), DataType.FLOAT32));
    }

    public NDArray ones(String name, long... shape) {
        return put(name, manager.ones(new Shape(shape), DataType.FLOAT32));
    }

    private double gaussian() {
        // Box-Muller on the seeded stream: Random.nextGaussian's state is not the stream's.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private NDArray put(String name, NDArray array) {
        if (tensors.containsKey(name)) {
            throw new IllegalStateException("parameter " + name + " defined twice");
        }
        array.setName(name);
        array.setRequiresGradient(true);
        tensors.put(name, array);
        return array;
    }

    public NDArray get(String name) {
        NDArray a = tensors.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    /** All parameters in definition order. */
    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(tensors);
    }

    /** Parameters whose name matches. */
    public Map<String, NDArray> matching(Predicate<String> filter) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (filter.test(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** Number of scalars in the parameters that match. */
    public long count(Predicate<String> filter) {
        return matching(filter).values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /**
     * Sets the accumulated gradients of the matching parameters to zero. A fill, not a multiplication by
     * zero: NaN * 0 is NaN, so one non-finite gradient would stay in the accumulator and make every later
     * step non-finite (seen here: 20 skipped steps in a row with finite weights).
     */
    public void clearGradients(Predicate<String> filter) {
        matching(filter).values().forEach(p -> ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p));
    }

    /** Names of the matching parameters that hold a NaN or an infinity. */
    public java.util.List<String> nonFinite(Predicate<String> filter) {
        java.util.List<String> names = new java.util.ArrayList<>();
        matching(filter).forEach((k, v) -> {
            for (float f : v.toFloatArray()) {
                if (!Float.isFinite(f)) {
                    names.add(k);
                    return;
                }
            }
        });
        return names;
    }

    /** Overwrites a parameter's values (for loading a checkpoint); shapes must agree. */
    public void assign(String name, float[] values) {
        NDArray target = get(name);
        if (values.length != target.getShape().size()) {
            throw new IllegalArgumentException(name + ": expected " + target.getShape().size() + " values, got " + values.length);
        }
        target.set(values);
    }
}
