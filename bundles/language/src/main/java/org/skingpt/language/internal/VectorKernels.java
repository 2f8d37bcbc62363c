package org.skingpt.language.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix kernels of the CPU decoder, written with Java's Vector API (SIMD registers as wide as
 * the processor offers).
 *
 * <p>Decoding one token reads every weight once and does two operations per weight, so its speed is
 * the speed at which weights stream from memory. The kernels therefore read each weight row once per
 * call, whatever the number of input vectors, and keep several independent accumulators in flight so
 * that loads never wait on additions.
 *
 * <p><b>Same bits, whatever the batch.</b> Every output element is one dot product computed the same
 * way in every case: one vector accumulator over the row from the start, lanes reduced at the end,
 * then the scalar tail. How rows and input vectors are grouped only changes which dot products run
 * side by side, never the order of additions within one. So a conversation decoded in a batch of
 * eight gets exactly the logits it gets alone.
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
     * {@code out[v][outOff + r] = w[r] · x[v]} for rows {@code r} in {@code [from, to)} of a row-major
     * {@code [rows, cols]} matrix and input vectors {@code v} in {@code [0, count)}.
     */
    static void matmul(float[] w, int cols, float[][] x, int count, float[][] out, int outOff, int from, int to) {
        int v = 0;
        // Four inputs at a time against two rows: eight accumulators, each weight vector loaded once.
        for (; v + 4 <= count; v += 4) {
            float[] x0 = x[v], x1 = x[v + 1], x2 = x[v + 2], x3 = x[v + 3];
            float[] o0 = out[v], o1 = out[v + 1], o2 = out[v + 2], o3 = out[v + 3];
            int r = from;
            for (; r + 2 <= to; r += 2) {
                rows2x4(w, cols, r, x0, x1, x2, x3, o0, o1, o2, o3, outOff);
            }
            for (; r < to; r++) {
                int base = r * cols;
                o0[outOff + r] = dot(w, base, x0, 0, cols);
                o1[outOff + r] = dot(w, base, x1, 0, cols);
                o2[outOff + r] = dot(w, base, x2, 0, cols);
                o3[outOff + r] = dot(w, base, x3, 0, cols);
            }
        }
        // The rest one input at a time, four rows at once.
        for (; v < count; v++) {
            float[] xv = x[v];
            float[] ov = out[v];
            int r = from;
            for (; r + 4 <= to; r += 4) {
                rows4x1(w, cols, r, xv, ov, outOff);
            }
            for (; r < to; r++) {
                ov[outOff + r] = dot(w, r * cols, xv, 0, cols);
            }
        }
    }

    private static void rows4x1(float[] w, int cols, int r, float[] x, float[] out, int outOff) {
        int b0 = r * cols, b1 = b0 + cols, b2 = b1 + cols, b3 = b2 + cols;
        int bound = SPECIES.loopBound(cols);
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, i);
            a0 = FloatVector.fromArray(SPECIES, w, b0 + i).fma(xv, a0);
            a1 = FloatVector.fromArray(SPECIES, w, b1 + i).fma(xv, a1);
            a2 = FloatVector.fromArray(SPECIES, w, b2 + i).fma(xv, a2);
            a3 = FloatVector.fromArray(SPECIES, w, b3 + i).fma(xv, a3);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD), s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD), s3 = a3.reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) {
            float xi = x[i];
            s0 = Math.fma(w[b0 + i], xi, s0);
            s1 = Math.fma(w[b1 + i], xi, s1);
            s2 = Math.fma(w[b2 + i], xi, s2);
            s3 = Math.fma(w[b3 + i], xi, s3);
        }
        out[outOff + r] = s0;
        out[outOff + r + 1] = s1;
        out[outOff + r + 2] = s2;
        out[outOff + r + 3] = s3;
    }

    private static void rows2x4(float[] w, int cols, int r, float[] x0, float[] x1, float[] x2, float[] x3,
                                float[] o0, float[] o1, float[] o2, float[] o3, int outOff) {
        int b0 = r * cols, b1 = b0 + cols;
        int bound = SPECIES.loopBound(cols);
        FloatVector a00 = FloatVector.zero(SPECIES), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, b0 + i);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, b1 + i);
            FloatVector v0 = FloatVector.fromArray(SPECIES, x0, i);
            FloatVector v1 = FloatVector.fromArray(SPECIES, x1, i);
            FloatVector v2 = FloatVector.fromArray(SPECIES, x2, i);
            FloatVector v3 = FloatVector.fromArray(SPECIES, x3, i);
            a00 = w0.fma(v0, a00);
            a01 = w0.fma(v1, a01);
            a02 = w0.fma(v2, a02);
            a03 = w0.fma(v3, a03);
            a10 = w1.fma(v0, a10);
            a11 = w1.fma(v1, a11);
            a12 = w1.fma(v2, a12);
            a13 = w1.fma(v3, a13);
        }
        float s00 = a00.reduceLanes(VectorOperators.ADD), s01 = a01.reduceLanes(VectorOperators.ADD);
        float s02 = a02.reduceLanes(VectorOperators.ADD), s03 = a03.reduceLanes(VectorOperators.ADD);
        float s10 = a10.reduceLanes(VectorOperators.ADD), s11 = a11.reduceLanes(VectorOperators.ADD);
        float s12 = a12.reduceLanes(VectorOperators.ADD), s13 = a13.reduceLanes(VectorOperators.ADD);
        for (; i < cols; i++) {
            float w0 = w[b0 + i], w1 = w[b1 + i];
            s00 = Math.fma(w0, x0[i], s00);
            s01 = Math.fma(w0, x1[i], s01);
            s02 = Math.fma(w0, x2[i], s02);
            s03 = Math.fma(w0, x3[i], s03);
            s10 = Math.fma(w1, x0[i], s10);
            s11 = Math.fma(w1, x1[i], s11);
            s12 = Math.fma(w1, x2[i], s12);
            s13 = Math.fma(w1, x3[i], s13);
        }
        o0[outOff + r] = s00;
        o1[outOff + r] = s01;
        o2[outOff + r] = s02;
        o3[outOff + r] = s03;
        o0[outOff + r + 1] = s10;
        o1[outOff + r + 1] = s11;
        o2[outOff + r + 1] = s12;
        o3[outOff + r + 1] = s13;
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
