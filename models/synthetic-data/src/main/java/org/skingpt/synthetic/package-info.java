/**
 * Deterministic synthetic dermatology data for training and testing the SkinGPT demo model.
 *
 * <p>{@link org.skingpt.synthetic.SyntheticGenerator} paints clinical-photo-like images of eleven
 * {@link org.skingpt.synthetic.Condition conditions} on Fitzpatrick skin types I-VI, with ground-truth
 * SKINCON-style {@link org.skingpt.synthetic.Concept concepts} decided before painting;
 * {@link org.skingpt.synthetic.DialogueWriter} writes the matching English and Simplified Chinese texts
 * (the SkinGPT-4 evaluation questions and the two-step training answers);
 * {@link org.skingpt.synthetic.GenerateDataset} and {@link org.skingpt.synthetic.SampleImages} are the
 * command-line entry points.
 *
 * <p>Everything is pure Java with no dependencies, headless, and reproducible bit for bit from
 * {@code (seed, image size, index)}.
 */
package org.skingpt.synthetic;
