package org.skingpt.api.consultation;

import java.util.Objects;

/**
 * An image of a consultation as kept after intake: re-encoded PNG without any metadata.
 *
 * @param sha256 SHA-256 of {@code png}, hex
 * @param width  width in pixels (after EXIF orientation)
 * @param height height in pixels
 * @param png    the sanitised image
 */
public record ConsultationImage(String sha256, int width, int height, byte[] png) {
    public ConsultationImage {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(png, "png");
    }
}
