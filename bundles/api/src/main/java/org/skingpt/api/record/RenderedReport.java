package org.skingpt.api.record;

import java.time.Instant;
import java.util.Objects;

/**
 * A report rendered from a consultation. The record keeps the checksum of the document, not the document:
 * a copy handed out can later be shown to be (or not to be) what the platform produced.
 *
 * @param formatId        the format, for example {@code patient-pdf} or {@code fhir-r4}
 * @param rendererVersion version of the report bundle that rendered it
 * @param sha256          SHA-256 of the document's bytes, 64 lower-case hexadecimal digits
 * @param actor           user who asked for it, empty when unknown
 * @param renderedAt      when it was rendered
 */
public record RenderedReport(String formatId, String rendererVersion, String sha256, String actor, Instant renderedAt) {

    public RenderedReport {
        Objects.requireNonNull(formatId, "formatId");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(renderedAt, "renderedAt");
        rendererVersion = Objects.requireNonNullElse(rendererVersion, "");
        actor = Objects.requireNonNullElse(actor, "");
    }
}
