package org.skingpt.api.consultation;

import java.util.Objects;

/**
 * A consultation rendered in one report format.
 *
 * @param formatId        the format, for example {@code fhir-r4}
 * @param rendererVersion version of the report bundle that rendered it
 * @param mediaType       media type of {@code content} exactly as the renderer gave it, parameters included (for
 *                        example {@code application/pdf} or {@code text/markdown; charset=UTF-8}); text is UTF-8
 *                        whether or not a {@code charset} parameter says so
 * @param fileExtension   file name extension without the dot
 * @param content         the document
 */
public record Report(String formatId, String rendererVersion, String mediaType, String fileExtension, byte[] content) {

    public Report {
        Objects.requireNonNull(formatId, "formatId");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(content, "content");
        rendererVersion = Objects.requireNonNullElse(rendererVersion, "");
        fileExtension = Objects.requireNonNullElse(fileExtension, "");
    }
}
