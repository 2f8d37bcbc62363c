package org.skingpt.api.inference;

import java.util.Objects;

/**
 * A decoded image: 8-bit RGB, interleaved, row-major, no alpha, no metadata.
 *
 * @param width  width in pixels
 * @param height height in pixels
 * @param rgb    {@code width * height * 3} bytes, R G B for each pixel
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        Objects.requireNonNull(rgb, "rgb");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if ((long) width * height * 3 != rgb.length) {
            throw new IllegalArgumentException("expected " + ((long) width * height * 3) + " RGB bytes for "
                    + width + "x" + height + ", got " + rgb.length);
        }
    }
}
