package org.skingpt.api.intake;

import java.util.Arrays;
import java.util.Objects;

/**
 * An uploaded image after intake: upright, in sRGB, re-encoded as an 8-bit RGB PNG that carries no
 * metadata (only the chunks {@code IHDR}, {@code IDAT} and {@code IEND}).
 *
 * <p>The arrays are not copied, for the sake of large images: do not modify them. The pixels are
 * decoded by {@link ImageIntake#pixels(SanitizedImage)}.
 *
 * @param png            the re-encoded PNG
 * @param width          width in pixels, after the orientation was applied
 * @param height         height in pixels, after the orientation was applied
 * @param originalFormat format of the upload, recognised by its content: {@code "jpeg"} or {@code "png"}
 * @param sha256         SHA-256 of {@code png}, 64 lower-case hexadecimal digits
 */
public record SanitizedImage(byte[] png, int width, int height, String originalFormat, String sha256) {

    public SanitizedImage {
        Objects.requireNonNull(png, "png");
        Objects.requireNonNull(originalFormat, "originalFormat");
        Objects.requireNonNull(sha256, "sha256");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hexadecimal digits");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SanitizedImage that
                && width == that.width && height == that.height
                && originalFormat.equals(that.originalFormat)
                && sha256.equals(that.sha256)
                && Arrays.equals(png, that.png);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, originalFormat, sha256);
    }

    @Override
    public String toString() {
        return "SanitizedImage[" + width + "x" + height + ", from " + originalFormat + ", " + png.length
                + " PNG bytes, sha256=" + sha256 + "]";
    }
}
