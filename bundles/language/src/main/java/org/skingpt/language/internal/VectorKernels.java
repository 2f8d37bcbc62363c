package org.skingpt.language.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector operations of the CPU decoder's attention and norms, with Java's Vector API (SIMD registers
 * as wide as the processor offers); the matrix products are in {@link PackedMatrix}.
 */
final class VectorKernels {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorKernels() {
    }

    /** Whether the Vector API classes work in this JVM (the {@code jdk.incubator.vector} module is resolved). */
    static boolean available() {
        try {
            float[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
            return dot(a, 0, a, 0, a.length) == 1785f;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** {@code a[aOff..aOff+n) · b[bOff..bOff+n)}. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int bound = SPECIES.loopBound(n);
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < bound; i += LANES) {
            acc = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        }
        return sum;
    }

    /** {@code acc[accOff..+n) += p * v[vOff..+n)}. */
    static void axpy(float p, float[] v, int vOff, float[] acc, int accOff, int n) {
        int bound = SPECIES.loopBound(n);
        FloatVector pv = FloatVector.broadcast(SPECIES, p);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, v, vOff + i).fma(pv, FloatVector.fromArray(SPECIES, acc, accOff + i))
                    .intoArray(acc, accOff + i);
        }
        for (; i < n; i++) {
            acc[accOff + i] = Math.fma(p, v[vOff + i], acc[accOff + i]);
        }
    }
}
