/**
 * The clinician review study of the SkinGPT-4 paper, as a workflow on the clinical record: an admin puts stored
 * consultations into a {@link org.skingpt.api.review.Study} and assigns reviewers; each reviewer, blinded to the
 * model's answers, first gives their own diagnosis from the images, then rates the answers on the paper's seven
 * {@link org.skingpt.api.review.Statement statements} on a five-point {@link org.skingpt.api.review.Agreement}
 * scale; {@link org.skingpt.api.review.StudyResults} puts the share of agreement per statement and model version
 * (with a Wilson 95% interval), the reviewers' agreement with the model's diagnosis and their agreement with each
 * other (Krippendorff's alpha, ordinal) beside the paper's published numbers.
 *
 * <p>{@link org.skingpt.api.review.ReviewStudies} is provided by the store bundle ({@code org.skingpt.store}) in
 * the same database as the record; every change is audited.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.skingpt.api.review;
