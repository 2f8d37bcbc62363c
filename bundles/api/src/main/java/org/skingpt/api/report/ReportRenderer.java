package org.skingpt.api.report;

import org.osgi.annotation.versioning.ConsumerType;
import org.skingpt.api.consultation.ConsultationRecord;

/**
 * Turns a consultation into a document (HTML, PDF, FHIR JSON, ...). Report bundles register
 * renderers as services; the platform offers every registered format and records the renderer's
 * {@link #formatId()} and {@link #version()} with each report. Renderers must be thread-safe.
 */
@ConsumerType
public interface ReportRenderer {

    /** Stable identifier of the format, for example {@code patient-html} or {@code fhir-r4}. */
    String formatId();

    /** Human-readable name of the format. */
    String displayName();

    /**
     * Media type of what {@link #render} returns, for example {@code application/pdf}; parameters are
     * allowed and passed on unchanged ({@code text/markdown; charset=UTF-8}). Textual formats are encoded in
     * UTF-8: say so with {@code charset=UTF-8} where the media type has that parameter.
     */
    String mediaType();

    /** File name extension without the dot, for example {@code pdf}. */
    String fileExtension();

    /** Version of the bundle that supplies this renderer, recorded in the report's provenance. */
    String version();

    /**
     * Renders the consultation. Must say, in the document, when the consultation's models are
     * synthetic (not for clinical use).
     *
     * @throws IllegalArgumentException when the consultation cannot be rendered in this format (for
     *                                  example before its findings exist), with a message saying why
     */
    byte[] render(ConsultationRecord consultation, ReportContext context);
}
