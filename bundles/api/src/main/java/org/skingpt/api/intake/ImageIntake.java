package org.skingpt.api.intake;

import java.util.Locale;
import org.osgi.annotation.versioning.ProviderType;
import org.skingpt.api.inference.RgbImage;
import org.skingpt.api.consultation.InvalidInputException;

/**
 * Validates and sanitises uploaded images. Thread-safe; the number of images decoded at the same
 * time is limited, and a caller over the limit is refused at once rather than queued.
 */
@ProviderType
public interface ImageIntake {

    /**
     * Validates one uploaded image and returns it re-encoded without metadata.
     *
     * <p>Only JPEG and PNG are accepted, recognised by their content (never by a file name). Size,
     * width, height and pixel count are checked against the configured limits before any pixel is
     * decoded. The camera's orientation is applied and the colours are converted to sRGB
     * (transparent areas are composited on white).
     *
     * @param upload the uploaded bytes, as received
     * @param locale language of the refusal message: English ({@code en}) and Simplified Chinese
     *               ({@code zh-CN}); any other locale, or {@code null}, gives English
     * @return the sanitised image
     * @throws InvalidInputException when the image is refused; its {@link InvalidInputException#code()
     *         code} is a stable key ({@code image.empty}, {@code image.too-large}, {@code image.format},
     *         {@code image.dimensions}, {@code image.pixels}, {@code image.color}, {@code image.malformed},
     *         {@code image.timeout}) and its message, in the requested language, says what is wrong and
     *         what to do
     * @throws ImageIntakeBusyException (an {@code InvalidInputException} with the code {@code image.busy})
     *         when every decode slot is taken: nothing is wrong with the image, try again shortly
     */
    SanitizedImage sanitize(byte[] upload, Locale locale);

    /**
     * The pixels of a sanitised image, decoded from its PNG: 8-bit RGB, upright, sRGB, no alpha.
     * Decodes on each call; keep the result if it is needed more than once.
     *
     * @throws IllegalStateException if the PNG is not the format {@link #sanitize} produces (8-bit
     *         RGB, not interlaced) or is damaged
     */
    RgbImage pixels(SanitizedImage image);
}
