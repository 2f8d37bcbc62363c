package org.skingpt.language.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer for the positions a conversation has processed, so that each new
 * token attends to them without recomputing them.
 *
 * <p>Storage is preallocated ({@code [KV, capacity, hd]} per layer and kind) and written in place,
 * so a decoding step copies only its own new row instead of concatenating the whole history. The
 * capacity grows on {@link #reserve} (at least doubling, capped at the context length), which a
 * conversation calls once per turn before any token is processed.
 */
final class KvCache implements AutoCloseable {

    /** Capacity is allocated in multiples of this many positions. */
    private static final int GRANULE = 64;

    private final NDManager manager;
    private final DataType type;
    private final int kvHeads;
    private final int headDim;
    private final int maxCapacity;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int capacity;
    private int length;

    /**
     * @param manager     owns the cache arrays; closing it (or this) frees them
     * @param layers      decoder layers
     * @param maxCapacity the model's context length
     */
    KvCache(NDManager manager, DataType type, int layers, int kvHeads, int headDim, int maxCapacity) {
        this.manager = manager;
        this.type = type;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.maxCapacity = maxCapacity;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Positions processed so far. */
    int length() {
        return length;
    }

    /** Positions that fit without growing. */
    int capacity() {
        return capacity;
    }

    /** The manager the cache lives in; per-step temporaries of its conversation go there too. */
    NDManager manager() {
        return manager;
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
        for (int i = 0; i < keys.length; i++) {
            keys[i] = grow(keys[i], grown);
            values[i] = grow(values[i], grown);
        }
        capacity = grown;
    }

    private NDArray grow(NDArray old, int newCapacity) {
        NDArray bigger = manager.zeros(new Shape(kvHeads, newCapacity, headDim), type);
        // Cache storage outlives any scope the caller may have open.
        NDScope.unregister(bigger);
        if (old != null) {
            if (length > 0) {
                try (NDArray used = old.get(new NDIndex(":, :{}", length))) {
                    bigger.set(new NDIndex(":, :{}", length), used);
                }
            }
            old.close();
        }
        return bigger;
    }

    /**
     * Stores keys and values for {@code t} positions from {@link #length()}; they become visible to
     * {@link #keys}/{@link #values} views at once but count in {@link #length()} only after
     * {@link #advance}.
     *
     * @param k {@code [t, KV, hd]}
     * @param v {@code [t, KV, hd]}
     */
    void write(int layer, NDArray k, NDArray v, int t) {
        NDIndex rows = new NDIndex(":, {}:{}", length, length + t);
        keys[layer].set(rows, k.transpose(1, 0, 2));
        values[layer].set(rows, v.transpose(1, 0, 2));
    }

    /** Keys of positions {@code 0 .. end-1}: a {@code [KV, end, hd]} view. */
    NDArray keys(int layer, int end) {
        return LlamaLayers.range(keys[layer], 0, end, 1);
    }

    /** Values of positions {@code 0 .. end-1}: a {@code [KV, end, hd]} view. */
    NDArray values(int layer, int end) {
        return LlamaLayers.range(values[layer], 0, end, 1);
    }

    /** Counts {@code t} more positions as processed, after all layers have been written. */
    void advance(int t) {
        length += t;
    }

    /** Forgets the positions from {@code newLength} on (attention reads only positions below the length). */
    void rewind(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot rewind to " + newLength + " of " + length + " positions");
        }
        length = newLength;
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                keys[i].close();
                values[i].close();
                keys[i] = null;
                values[i] = null;
            }
        }
        capacity = 0;
        length = 0;
    }
}
