package org.skingpt.api.review;

/**
 * One item of a reviewer's queue: an item of an open study they are assigned to.
 *
 * @param studyId        the study
 * @param studyTitle     its title
 * @param index          the item's position in the study
 * @param consultationId the consultation to review
 * @param reviewed       true when this reviewer has submitted their review of it
 */
public record QueueEntry(String studyId, String studyTitle, int index, String consultationId, boolean reviewed) {
}
