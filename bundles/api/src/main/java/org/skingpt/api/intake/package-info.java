/**
 * Image intake: the one gate every uploaded photo passes before anything else sees it. An
 * {@link org.skingpt.api.intake.ImageIntake} checks the format by content, the size and the
 * dimensions before decoding, decodes within a time limit, applies the camera's orientation,
 * converts to sRGB and hands back a {@link org.skingpt.api.intake.SanitizedImage}: a freshly
 * encoded PNG without any metadata (no EXIF, GPS, XMP, text or colour profile). A refusal because the
 * intake is at capacity is an {@link org.skingpt.api.intake.ImageIntakeBusyException} (2.1).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.skingpt.api.intake;
