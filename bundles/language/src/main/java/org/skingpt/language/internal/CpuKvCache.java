package org.skingpt.language.internal;

/**
 * Keys and values of one sequence for the CPU decoder, on the Java heap: per layer one array per
 * kind. Keys are stored transposed in tiles of {@value VectorKernels#TILE} positions,
 * {@code [KV heads][tiles][head dim][64]}, so that the scores of many positions come out of registers
 * without horizontal sums and a tile's keys (16 KB at head dim 64) are read as one contiguous stream
 * (with the keys of a position in one long row per dimension, the 64 rows 4 KB apart defeated the
 * caches and the prefetcher: scores ran at a third of the speed at 640 positions); values are
 * {@code [KV heads][capacity][head dim]}, so that a position's value row is contiguous. Grows like
 * {@link KvCache}: on {@link #reserve}, at least doubling, in multiples of 64 positions, capped at the
 * context length.
 */
final class CpuKvCache {

    private static final int GRANULE = 64;
    private static final int TILE = VectorKernels.TILE;

    private final int kvHeads;
    private final int headDim;
    private final int maxCapacity;
    private final float[][] keys;
    private final float[][] values;
    private int capacity;
    private int length;

    CpuKvCache(int layers, int kvHeads, int headDim, int maxCapacity) {
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.maxCapacity = maxCapacity;
        this.keys = new float[layers][];
        this.values = new float[layers][];
    }

    int length() {
        return length;
    }

    int capacity() {
        return capacity;
    }

    /**
     * Makes room for {@code positions} positions in total, keeping what is stored.
     *
     * @throws IllegalArgumentException if that exceeds the context length
     */
    void reserve(int positions) {
        if (positions > maxCapacity) {
            throw new IllegalArgumentException("cannot reserve " + positions + " positions; the context has " + maxCapacity);
        }
        if (positions <= capacity) {
            return;
        }
        int wanted = Math.max(positions, Math.min(maxCapacity, capacity * 2));
        int grown = Math.min(maxCapacity, (wanted + GRANULE - 1) / GRANULE * GRANULE);
        for (int l = 0; l < keys.length; l++) {
            keys[l] = growTiled(keys[l], grown);
            values[l] = grow(values[l], grown);
        }
        capacity = grown;
    }

    private float[] grow(float[] old, int newCapacity) {
        float[] bigger = new float[kvHeads * newCapacity * headDim];
        if (old != null) {
            for (int h = 0; h < kvHeads; h++) {
                System.arraycopy(old, h * capacity * headDim, bigger, h * newCapacity * headDim, length * headDim);
            }
        }
        return bigger;
    }

    private float[] growTiled(float[] old, int newCapacity) {
        int newStride = tiles(newCapacity) * headDim * TILE;
        float[] bigger = new float[kvHeads * newStride];
        if (old != null) {
            int oldStride = keyHeadStride();
            for (int h = 0; h < kvHeads; h++) {
                System.arraycopy(old, h * oldStride, bigger, h * newStride, tiles(length) * headDim * TILE);
            }
        }
        return bigger;
    }

    private static int tiles(int positions) {
        return (positions + TILE - 1) / TILE;
    }

    /** Floats between the keys of one KV head and the next in {@link #keys}. */
    int keyHeadStride() {
        return tiles(capacity) * headDim * TILE;
    }

    /** Stores the keys and values of {@code position} for {@code layer}, read from a row of q|k|v projections. */
    void write(int layer, int position, float[] qkv, int keysAt, int valuesAt) {
        if (position >= capacity) {
            throw new IllegalStateException("cache has room for " + capacity + " positions; reserve first");
        }
        float[] k = keys[layer];
        float[] v = values[layer];
        int stride = keyHeadStride();
        for (int h = 0; h < kvHeads; h++) {
            int from = keysAt + h * headDim;
            int at = VectorKernels.keyIndex(h * stride, headDim, position);
            for (int j = 0; j < headDim; j++) {
                k[at + j * TILE] = qkv[from + j];
            }
            System.arraycopy(qkv, valuesAt + h * headDim, v, (h * capacity + position) * headDim, headDim);
        }
    }

    /** Keys of a layer, {@code [KV heads][tiles][head dim][64]} (see {@link VectorKernels#keyIndex}). */
    float[] keys(int layer) {
        return keys[layer];
    }

    /** Values of a layer, {@code [KV heads][capacity][head dim]}. */
    float[] values(int layer) {
        return values[layer];
    }

    /** Counts positions up to {@code newLength} as processed, once all layers are written. */
    void advanceTo(int newLength) {
        length = newLength;
    }

    /** Forgets the positions from {@code newLength} on (attention reads only positions below the length). */
    void rewind(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot rewind to " + newLength + " of " + length + " positions");
        }
        length = newLength;
    }

    /** Frees the storage. */
    void clear() {
        for (int l = 0; l < keys.length; l++) {
            keys[l] = null;
            values[l] = null;
        }
        capacity = 0;
        length = 0;
    }
}
