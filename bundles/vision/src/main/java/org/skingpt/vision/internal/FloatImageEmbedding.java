package org.skingpt.vision.internal;

import java.util.List;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.ImageFinding;

/**
 * Visual tokens held on the heap, token-major. Immutable: {@link #toArray()} returns a copy.
 */
public final class FloatImageEmbedding implements ImageEmbedding {

    private final int tokens;
    private final int width;
    private final float[] values;
    private final List<ImageFinding> findings;

    /**
     * @param tokens number of tokens
     * @param width  width of each token
     * @param values {@code tokens * width} floats, token-major (copied)
     */
    public FloatImageEmbedding(int tokens, int width, float[] values) {
        this(tokens, width, values, List.of());
    }

    /**
     * @param tokens   number of tokens
     * @param width    width of each token
     * @param values   {@code tokens * width} floats, token-major (copied)
     * @param findings what the encoder's heads read from the image
     */
    public FloatImageEmbedding(int tokens, int width, float[] values, List<ImageFinding> findings) {
        if (tokens <= 0 || width <= 0 || (long) tokens * width != values.length) {
            throw new IllegalArgumentException("expected " + tokens + " x " + width + " values, got " + values.length);
        }
        this.tokens = tokens;
        this.width = width;
        this.values = values.clone();
        this.findings = List.copyOf(findings);
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
    public List<ImageFinding> findings() {
        return findings;
    }

    @Override
    public String toString() {
        return "ImageEmbedding[" + tokens + " x " + width + "]";
    }
}
