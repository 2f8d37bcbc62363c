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

    /** Positions per tile of transposed keys ({@link CpuKvCache}); a multiple of four registers' lanes. */
    static final int TILE = 64;

    /**
     * Where element 0 of the key of position {@code t} lies in tiled transposed keys starting at
     * {@code base}: layout {@code [tiles][hd][TILE]}, element {@code j} at {@code keyIndex + j * TILE}.
     */
    static int keyIndex(int base, int hd, int t) {
        return base + (t / TILE) * hd * TILE + t % TILE;
    }

    /**
     * Attention scores of one query head against positions {@code 0 .. length-1}:
     * {@code out[t] = q[qOff..qOff+hd) · K[.., t]} for tiled transposed keys ({@link #keyIndex}). Each
     * score is summed {@code j} from 0 up (a product, then one fused multiply-add per element), in the
     * register lanes and the scalar tail alike. Sixty-four positions at a time stay in four registers
     * while {@code j} runs over the head, so the scores are stored once, and their keys are one
     * contiguous tile.
     */
    static void scores(float[] q, int qOff, float[] keys, int base, int hd, int length, float[] out) {
        scoresFrom(q, qOff, keys, base, hd, length, out, 0);
    }

    /** {@link #scores} of positions {@code from .. length-1} only ({@code from} a multiple of 4 × lanes). */
    private static void scoresFrom(float[] q, int qOff, float[] keys, int base, int hd, int length, float[] out,
                                   int from) {
        int t = from;
        for (; t + 4 * LANES <= length; t += 4 * LANES) {
            int row = keyIndex(base, hd, t);
            FloatVector qj = FloatVector.broadcast(SPECIES, q[qOff]);
            FloatVector s0 = FloatVector.fromArray(SPECIES, keys, row).mul(qj);
            FloatVector s1 = FloatVector.fromArray(SPECIES, keys, row + LANES).mul(qj);
            FloatVector s2 = FloatVector.fromArray(SPECIES, keys, row + 2 * LANES).mul(qj);
            FloatVector s3 = FloatVector.fromArray(SPECIES, keys, row + 3 * LANES).mul(qj);
            for (int j = 1; j < hd; j++) {
                row += TILE;
                qj = FloatVector.broadcast(SPECIES, q[qOff + j]);
                s0 = FloatVector.fromArray(SPECIES, keys, row).fma(qj, s0);
                s1 = FloatVector.fromArray(SPECIES, keys, row + LANES).fma(qj, s1);
                s2 = FloatVector.fromArray(SPECIES, keys, row + 2 * LANES).fma(qj, s2);
                s3 = FloatVector.fromArray(SPECIES, keys, row + 3 * LANES).fma(qj, s3);
            }
            s0.intoArray(out, t);
            s1.intoArray(out, t + LANES);
            s2.intoArray(out, t + 2 * LANES);
            s3.intoArray(out, t + 3 * LANES);
        }
        for (; t + LANES <= length; t += LANES) {
            int row = keyIndex(base, hd, t);
            FloatVector s0 = FloatVector.fromArray(SPECIES, keys, row).mul(q[qOff]);
            for (int j = 1; j < hd; j++) {
                row += TILE;
                s0 = FloatVector.fromArray(SPECIES, keys, row).fma(FloatVector.broadcast(SPECIES, q[qOff + j]), s0);
            }
            s0.intoArray(out, t);
        }
        for (; t < length; t++) {
            int row = keyIndex(base, hd, t);
            float sum = keys[row] * q[qOff];
            for (int j = 1; j < hd; j++) {
                row += TILE;
                sum = Math.fma(keys[row], q[qOff + j], sum);
            }
            out[t] = sum;
        }
    }

    /**
     * {@link #scores} of two query heads that share one key head (grouped-query attention), in one pass
     * over the keys: each key is loaded once for both. Every score is summed exactly as {@link #scores}
     * sums it.
     */
    static void scoresOfPair(float[] q, int qOffA, int qOffB, float[] keys, int base, int hd, int length,
                             float[] outA, float[] outB) {
        int t = 0;
        for (; t + 4 * LANES <= length; t += 4 * LANES) {
            int row = keyIndex(base, hd, t);
            FloatVector qa = FloatVector.broadcast(SPECIES, q[qOffA]);
            FloatVector qb = FloatVector.broadcast(SPECIES, q[qOffB]);
            FloatVector k0 = FloatVector.fromArray(SPECIES, keys, row);
            FloatVector k1 = FloatVector.fromArray(SPECIES, keys, row + LANES);
            FloatVector k2 = FloatVector.fromArray(SPECIES, keys, row + 2 * LANES);
            FloatVector k3 = FloatVector.fromArray(SPECIES, keys, row + 3 * LANES);
            FloatVector a0 = k0.mul(qa), a1 = k1.mul(qa), a2 = k2.mul(qa), a3 = k3.mul(qa);
            FloatVector b0 = k0.mul(qb), b1 = k1.mul(qb), b2 = k2.mul(qb), b3 = k3.mul(qb);
            for (int j = 1; j < hd; j++) {
                row += TILE;
                qa = FloatVector.broadcast(SPECIES, q[qOffA + j]);
                qb = FloatVector.broadcast(SPECIES, q[qOffB + j]);
                k0 = FloatVector.fromArray(SPECIES, keys, row);
                k1 = FloatVector.fromArray(SPECIES, keys, row + LANES);
                k2 = FloatVector.fromArray(SPECIES, keys, row + 2 * LANES);
                k3 = FloatVector.fromArray(SPECIES, keys, row + 3 * LANES);
                a0 = k0.fma(qa, a0);
                a1 = k1.fma(qa, a1);
                a2 = k2.fma(qa, a2);
                a3 = k3.fma(qa, a3);
                b0 = k0.fma(qb, b0);
                b1 = k1.fma(qb, b1);
                b2 = k2.fma(qb, b2);
                b3 = k3.fma(qb, b3);
            }
            a0.intoArray(outA, t);
            a1.intoArray(outA, t + LANES);
            a2.intoArray(outA, t + 2 * LANES);
            a3.intoArray(outA, t + 3 * LANES);
            b0.intoArray(outB, t);
            b1.intoArray(outB, t + LANES);
            b2.intoArray(outB, t + 2 * LANES);
            b3.intoArray(outB, t + 3 * LANES);
        }
        if (t < length) {
            // The last positions (fewer than four registers' worth): each head on its own, the same sums.
            scoresFrom(q, qOffA, keys, base, hd, length, outA, t);
            scoresFrom(q, qOffB, keys, base, hd, length, outB, t);
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
        weightedSumFrom(p, length, values, base, hd, out, outOff, 0);
    }

    /**
     * {@link #weightedSum} of two query heads that share one value head, in one pass over the values:
     * each value is loaded once for both; every output is summed exactly as {@link #weightedSum} sums it.
     */
    static void weightedSumOfPair(float[] pA, float[] pB, int length, float[] values, int base, int hd, float[] out,
                                  int outOffA, int outOffB) {
        int c = 0;
        for (; c + 4 * LANES <= hd; c += 4 * LANES) {
            FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            int v = base + c;
            for (int t = 0; t < length; t++, v += hd) {
                FloatVector wa = FloatVector.broadcast(SPECIES, pA[t]);
                FloatVector wb = FloatVector.broadcast(SPECIES, pB[t]);
                FloatVector v0 = FloatVector.fromArray(SPECIES, values, v);
                FloatVector v1 = FloatVector.fromArray(SPECIES, values, v + LANES);
                FloatVector v2 = FloatVector.fromArray(SPECIES, values, v + 2 * LANES);
                FloatVector v3 = FloatVector.fromArray(SPECIES, values, v + 3 * LANES);
                a0 = v0.fma(wa, a0);
                a1 = v1.fma(wa, a1);
                a2 = v2.fma(wa, a2);
                a3 = v3.fma(wa, a3);
                b0 = v0.fma(wb, b0);
                b1 = v1.fma(wb, b1);
                b2 = v2.fma(wb, b2);
                b3 = v3.fma(wb, b3);
            }
            a0.intoArray(out, outOffA + c);
            a1.intoArray(out, outOffA + c + LANES);
            a2.intoArray(out, outOffA + c + 2 * LANES);
            a3.intoArray(out, outOffA + c + 3 * LANES);
            b0.intoArray(out, outOffB + c);
            b1.intoArray(out, outOffB + c + LANES);
            b2.intoArray(out, outOffB + c + 2 * LANES);
            b3.intoArray(out, outOffB + c + 3 * LANES);
        }
        if (c < hd) {
            weightedSumFrom(pA, length, values, base, hd, out, outOffA, c);
            weightedSumFrom(pB, length, values, base, hd, out, outOffB, c);
        }
    }

    /** {@link #weightedSum} of the output columns {@code from .. hd-1} only. */
    private static void weightedSumFrom(float[] p, int length, float[] values, int base, int hd, float[] out, int outOff,
                                        int from) {
        int c = from;
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
