package org.skingpt.api.consultation;

/**
 * One question and its answer within a consultation.
 *
 * @param question   the question as asked
 * @param text       the model's answer
 * @param provenance what produced it
 */
public record Answer(String question, String text, Provenance provenance) {
}
