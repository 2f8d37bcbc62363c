package org.skingpt.api.consultation;

import java.time.Instant;
import org.skingpt.api.inference.GenerationSettings;

/**
 * What produced an answer: exact model versions and checksums, the locale bundle's version, the
 * generation settings (seed included) and time.
 *
 * @param imageEncoder        {@code name@version} of the image encoder
 * @param imageEncoderSha256  SHA-256 of its weights
 * @param languageModel       {@code name@version} of the language model
 * @param languageModelSha256 SHA-256 of its weights
 * @param templates           {@code locale@version} of the locale bundle whose templates were used
 * @param settings            sampler settings, seed included
 * @param syntheticModel      true when either model is synthetic: never for clinical use
 * @param answeredAt          when the answer was complete
 */
public record Provenance(
        String imageEncoder,
        String imageEncoderSha256,
        String languageModel,
        String languageModelSha256,
        String templates,
        GenerationSettings settings,
        boolean syntheticModel,
        Instant answeredAt) {
}
