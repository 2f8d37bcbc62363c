package org.skingpt.api.inference;

/**
 * Visual tokens of one image, already projected to a language model's width. Implementations may
 * keep the values on a device; {@link #toArray()} copies them to the heap.
 */
public interface ImageEmbedding {

    /** Number of visual tokens (the Q-Former's query count; 32 for SkinGPT-4). */
    int tokens();

    /** Width of each token; must equal the language model's embedding width. */
    int width();

    /** The values, token-major: {@code tokens() * width()} floats. */
    float[] toArray();

    /**
     * What the encoder's classification heads read from the image, if its model bundle has any ({@link
     * ImageFinding}); none by default (a MiniGPT-4 checkpoint has no such head).
     */
    default java.util.List<ImageFinding> findings() {
        return java.util.List.of();
    }
}
