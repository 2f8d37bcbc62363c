package org.skingpt.vision.internal;

import org.skingpt.api.inference.ImageEmbedding;

/**
 * Visual tokens held on the heap, token-major. Immutable: {@link #toArray()} returns a copy.
 */
public final class FloatImageEmbedding implements ImageEmbedding {

    private final int tokens;
    private final int width;
    private final float[] values;

    /**
     * @param tokens number of tokens
     * @param width  width of each token
     * @param values {@code tokens * width} floats, token-major (copied)
     */
    public FloatImageEmbedding(int tokens, int width, float[] values) {
        if (tokens <= 0 || width <= 0 || (long) tokens * width != values.length) {
            throw new IllegalArgumentException("expected " + tokens + " x " + width + " values, got " + values.length);
        }
        this.tokens = tokens;
        this.width = width;
        this.values = values.clone();
    }

    @Override
    public int tokens() {
        return tokens;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public float[] toArray() {
        return values.clone();
    }

    @Override
    public String toString() {
        return "ImageEmbedding[" + tokens + " x " + width + "]";
    }
}
