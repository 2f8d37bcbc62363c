package org.skingpt.language.internal;

/**
 * One stretch of a prompt as the decoder takes it: token ids, or the visual tokens of an image
 * ({@code tokens} rows of the model's width, row-major in {@code image}).
 */
record PromptSegment(long[] ids, float[] image, int tokens) {

    PromptSegment(long[] ids) {
        this(ids, null, ids.length);
    }

    int positions() {
        return tokens;
    }
}
