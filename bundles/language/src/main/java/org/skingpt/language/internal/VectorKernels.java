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

    /**
     * Attention scores of one query head against positions {@code 0 .. length-1}:
     * {@code out[t] = q[qOff..qOff+hd) · K[.., t]} for transposed keys ({@code keysT[base + j * capacity + t]}
     * is element {@code j} of position {@code t}). Row {@code j} of the keys is streamed whole and added
     * into the scores, {@code j} from 0 up (the same order in the register lanes and the scalar tail):
     * contiguous reads, no horizontal sums.
     */
    static void scores(float[] q, int qOff, float[] keysT, int base, int capacity, int hd, int length, float[] out) {
        int bound = SPECIES.loopBound(length);
        for (int j = 0; j < hd; j++) {
            int row = base + j * capacity;
            float qj = q[qOff + j];
            FloatVector qv = FloatVector.broadcast(SPECIES, qj);
            int t = 0;
            if (j == 0) {
                for (; t < bound; t += LANES) {
                    FloatVector.fromArray(SPECIES, keysT, row + t).mul(qv).intoArray(out, t);
                }
                for (; t < length; t++) {
                    out[t] = keysT[row + t] * qj;
                }
            } else {
                for (; t < bound; t += LANES) {
                    FloatVector.fromArray(SPECIES, keysT, row + t).fma(qv, FloatVector.fromArray(SPECIES, out, t))
                            .intoArray(out, t);
                }
                for (; t < length; t++) {
                    out[t] = Math.fma(keysT[row + t], qj, out[t]);
                }
            }
        }
    }

    /**
     * Softmax in place over {@code s[0 .. length-1]}: {@code exp(s - max) / sum}, the sum in float as
     * the reference does it.
     */
    static void softmax(float[] s, int length) {
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < length; t++) {
            max = Math.max(max, s[t]);
        }
        float sum = 0;
        for (int t = 0; t < length; t++) {
            float e = (float) Math.exp(s[t] - max);
            s[t] = e;
            sum += e;
        }
        float inverse = 1 / sum;
        int bound = SPECIES.loopBound(length);
        int t = 0;
        for (; t < bound; t += LANES) {
            FloatVector.fromArray(SPECIES, s, t).mul(inverse).intoArray(s, t);
        }
        for (; t < length; t++) {
            s[t] *= inverse;
        }
    }

    /**
     * {@code out[outOff .. outOff+hd) = Σ_t p[t] · V[t]} over positions {@code 0 .. length-1} of values laid
     * out {@code [position][hd]} from {@code base}; the accumulators stay in registers.
     */
    static void weightedSum(float[] p, int length, float[] values, int base, int hd, float[] out, int outOff) {
        int c = 0;
        for (; c + 4 * LANES <= hd; c += 4 * LANES) {
            FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
            int v = base + c;
            for (int t = 0; t < length; t++, v += hd) {
                FloatVector w = FloatVector.broadcast(SPECIES, p[t]);
                a0 = FloatVector.fromArray(SPECIES, values, v).fma(w, a0);
                a1 = FloatVector.fromArray(SPECIES, values, v + LANES).fma(w, a1);
                a2 = FloatVector.fromArray(SPECIES, values, v + 2 * LANES).fma(w, a2);
                a3 = FloatVector.fromArray(SPECIES, values, v + 3 * LANES).fma(w, a3);
            }
            a0.intoArray(out, outOff + c);
            a1.intoArray(out, outOff + c + LANES);
            a2.intoArray(out, outOff + c + 2 * LANES);
            a3.intoArray(out, outOff + c + 3 * LANES);
        }
        for (; c + LANES <= hd; c += LANES) {
            FloatVector a = FloatVector.zero(SPECIES);
            int v = base + c;
            for (int t = 0; t < length; t++, v += hd) {
                a = FloatVector.fromArray(SPECIES, values, v).fma(FloatVector.broadcast(SPECIES, p[t]), a);
            }
            a.intoArray(out, outOff + c);
        }
        for (; c < hd; c++) {
            float a = 0;
            int v = base + c;
            for (int t = 0; t < length; t++, v += hd) {
                a = Math.fma(values[v], p[t], a);
            }
            out[outOff + c] = a;
        }
    }
}
