package org.skingpt.language.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A weight matrix ({@code [rows, cols]}, PyTorch's {@code [out, in]}) repacked for the CPU decoder's
 * products with a few input vectors at a time.
 *
 * <p>Layout: the rows are cut into blocks of {@link #BLOCK} (four SIMD registers' worth); within a
 * block the matrix is stored column by column, so for each input position {@code i} the block's
 * {@code BLOCK} weights lie next to each other. A product streams each block once from memory and,
 * for each {@code i}, multiplies four registers of weights by the broadcast input value, adding into
 * registers that hold the block's outputs: no horizontal sums, and each weight loaded once serves up
 * to four input vectors. Rows beyond the matrix in the last block are zero.
 *
 * <p><b>Same bits, whatever the batch.</b> Each output is summed in the same order, input position
 * 0 to {@code cols-1}, one fused multiply-add per position, from zero, whichever inputs share the
 * pass; so a conversation decoded in a batch gets exactly the logits it gets alone.
 */
final class PackedMatrix {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows per block: four registers. */
    static final int BLOCK = 4 * LANES;

    private final int rows;
    private final int cols;
    private final int blocks;
    private final float[] packed;

    /** Packs a row-major {@code [rows, cols]} matrix. */
    PackedMatrix(float[] rowMajor, int rows, int cols) {
        if ((long) rows * cols != rowMajor.length) {
            throw new IllegalArgumentException("matrix of " + rowMajor.length + " values is not " + rows + " x " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.blocks = (rows + BLOCK - 1) / BLOCK;
        this.packed = new float[blocks * cols * BLOCK];
        for (int r = 0; r < rows; r++) {
            int b = r / BLOCK;
            int j = r % BLOCK;
            int src = r * cols;
            int dst = b * cols * BLOCK + j;
            for (int i = 0; i < cols; i++) {
                packed[dst + i * BLOCK] = rowMajor[src + i];
            }
        }
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    int blocks() {
        return blocks;
    }

    long bytes() {
        return packed.length * 4L;
    }

    /** {@code out[v][0..rows) = W · in[v]} for {@code v < count}, rows of blocks {@code [fromBlock, toBlock)} only. */
    void multiply(float[][] in, int count, float[][] out, int fromBlock, int toBlock) {
        float[] scratch = new float[BLOCK * 4];
        for (int b = fromBlock; b < toBlock; b++) {
            int v = 0;
            for (; v + 4 <= count; v += 4) {
                block4(b, in[v], in[v + 1], in[v + 2], in[v + 3], scratch);
                store(b, scratch, 0, out[v]);
                store(b, scratch, 1, out[v + 1]);
                store(b, scratch, 2, out[v + 2]);
                store(b, scratch, 3, out[v + 3]);
            }
            if (count - v >= 2) {
                // Two or three left: one pass of four, the last input repeated in the empty slots
                // (their sums are not stored), instead of a pass over the block per input.
                int last = count - 1;
                block4(b, in[v], in[v + 1], in[Math.min(v + 2, last)], in[last], scratch);
                for (int slot = 0; v < count; v++, slot++) {
                    store(b, scratch, slot, out[v]);
                }
            }
            for (; v < count; v++) {
                block1(b, in[v], scratch);
                store(b, scratch, 0, out[v]);
            }
        }
    }

    private void store(int b, float[] scratch, int slot, float[] out) {
        int first = b * BLOCK;
        int n = Math.min(BLOCK, rows - first);
        System.arraycopy(scratch, slot * BLOCK, out, first, n);
    }

    private void block1(int b, float[] x, float[] scratch) {
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
        int p = b * cols * BLOCK;
        for (int i = 0; i < cols; i++, p += BLOCK) {
            FloatVector xi = FloatVector.broadcast(SPECIES, x[i]);
            a0 = FloatVector.fromArray(SPECIES, packed, p).fma(xi, a0);
            a1 = FloatVector.fromArray(SPECIES, packed, p + LANES).fma(xi, a1);
            a2 = FloatVector.fromArray(SPECIES, packed, p + 2 * LANES).fma(xi, a2);
            a3 = FloatVector.fromArray(SPECIES, packed, p + 3 * LANES).fma(xi, a3);
        }
        a0.intoArray(scratch, 0);
        a1.intoArray(scratch, LANES);
        a2.intoArray(scratch, 2 * LANES);
        a3.intoArray(scratch, 3 * LANES);
    }

    private void block4(int b, float[] x0, float[] x1, float[] x2, float[] x3, float[] scratch) {
        FloatVector z = FloatVector.zero(SPECIES);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z;
        FloatVector a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a33 = z;
        int p = b * cols * BLOCK;
        for (int i = 0; i < cols; i++, p += BLOCK) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, packed, p);
            FloatVector w1 = FloatVector.fromArray(SPECIES, packed, p + LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, packed, p + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(SPECIES, packed, p + 3 * LANES);
            FloatVector y = FloatVector.broadcast(SPECIES, x0[i]);
            a00 = w0.fma(y, a00);
            a01 = w1.fma(y, a01);
            a02 = w2.fma(y, a02);
            a03 = w3.fma(y, a03);
            y = FloatVector.broadcast(SPECIES, x1[i]);
            a10 = w0.fma(y, a10);
            a11 = w1.fma(y, a11);
            a12 = w2.fma(y, a12);
            a13 = w3.fma(y, a13);
            y = FloatVector.broadcast(SPECIES, x2[i]);
            a20 = w0.fma(y, a20);
            a21 = w1.fma(y, a21);
            a22 = w2.fma(y, a22);
            a23 = w3.fma(y, a23);
            y = FloatVector.broadcast(SPECIES, x3[i]);
            a30 = w0.fma(y, a30);
            a31 = w1.fma(y, a31);
            a32 = w2.fma(y, a32);
            a33 = w3.fma(y, a33);
        }
        a00.intoArray(scratch, 0);
        a01.intoArray(scratch, LANES);
        a02.intoArray(scratch, 2 * LANES);
        a03.intoArray(scratch, 3 * LANES);
        a10.intoArray(scratch, BLOCK);
        a11.intoArray(scratch, BLOCK + LANES);
        a12.intoArray(scratch, BLOCK + 2 * LANES);
        a13.intoArray(scratch, BLOCK + 3 * LANES);
        a20.intoArray(scratch, 2 * BLOCK);
        a21.intoArray(scratch, 2 * BLOCK + LANES);
        a22.intoArray(scratch, 2 * BLOCK + 2 * LANES);
        a23.intoArray(scratch, 2 * BLOCK + 3 * LANES);
        a30.intoArray(scratch, 3 * BLOCK);
        a31.intoArray(scratch, 3 * BLOCK + LANES);
        a32.intoArray(scratch, 3 * BLOCK + 2 * LANES);
        a33.intoArray(scratch, 3 * BLOCK + 3 * LANES);
    }
}
