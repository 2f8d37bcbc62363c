package org.skingpt.api.consultation;

import java.time.Instant;
import org.skingpt.api.inference.GenerationSettings;

/**
 * What produced an answer: exact model versions and checksums, the locale bundle's version, the
 * generation settings (seed included), whether it was decoded in a batch, and time.
 *
 * @param imageEncoder        {@code name@version} of the image encoder
 * @param imageEncoderSha256  SHA-256 of its weights
 * @param languageModel       {@code name@version} of the language model
 * @param languageModelSha256 SHA-256 of its weights
 * @param templates           {@code locale@version} of the locale bundle whose templates were used
 * @param settings            sampler settings, seed included
 * @param syntheticModel      true when either model is synthetic: never for clinical use
 * @param answeredAt          when the answer was complete
 * @param decodeBatch         the most conversations decoded together in one step of this answer
 *                            ({@link org.skingpt.api.inference.GenerationResult#largestBatch()}): 1 when it
 *                            was decoded alone, more when batched with other conversations, 0 when not known
 *                            (no decode step, or recorded before this was kept)
 * @since 0.6 (package {@code org.skingpt.api.consultation}): {@code decodeBatch}
 */
public record Provenance(
        String imageEncoder,
        String imageEncoderSha256,
        String languageModel,
        String languageModelSha256,
        String templates,
        GenerationSettings settings,
        boolean syntheticModel,
        Instant answeredAt,
        int decodeBatch) {

    /** Provenance without the decode batch (0, not known), as before version 0.6 of this package. */
    public Provenance(String imageEncoder, String imageEncoderSha256, String languageModel, String languageModelSha256,
                      String templates, GenerationSettings settings, boolean syntheticModel, Instant answeredAt) {
        this(imageEncoder, imageEncoderSha256, languageModel, languageModelSha256, templates, settings, syntheticModel,
                answeredAt, 0);
    }

    /** Whether some step of this answer was decoded together with other conversations. */
    public boolean batched() {
        return decodeBatch > 1;
    }
}
