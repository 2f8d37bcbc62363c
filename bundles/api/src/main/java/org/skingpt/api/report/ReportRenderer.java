package org.skingpt.api.report;

import org.osgi.annotation.versioning.ConsumerType;
import org.skingpt.api.consultation.ConsultationRecord;

/**
 * Turns a consultation into a document (HTML, PDF, FHIR JSON, ...). Report bundles register
 * renderers as services; the platform offers every registered format and records the format and the
 * renderer's version with each report. Renderers must be thread-safe.
 *
 * <p>What a renderer renders is said by <strong>service properties</strong>, not by methods, so that the
 * platform lists formats from the service registry without getting (and so activating) every renderer:
 * <ul>
 * <li>{@value #FORMAT} (required): stable identifier of the format, for example {@code patient-html} or
 * {@code fhir-r4};</li>
 * <li>{@value #MEDIA_TYPE} (required): media type of what {@link #render} returns, for example
 * {@code application/pdf}; parameters are allowed and passed on unchanged ({@code text/markdown; charset=UTF-8}).
 * Textual formats are encoded in UTF-8: say so with {@code charset=UTF-8} where the media type has that
 * parameter;</li>
 * <li>{@value #DISPLAY_NAME}: human-readable name of the format (the format id when missing);</li>
 * <li>{@value #FILE_EXTENSION}: file name extension without the dot, for example {@code pdf} (none when
 * missing).</li>
 * </ul>
 * A Declarative Services component declares them with the component property type {@link ReportFormat}:
 * <pre>
 * &#64;Component(service = ReportRenderer.class)
 * &#64;ReportFormat(format = "letter-html", displayName = "Letter (HTML)", mediaType = "text/html",
 *         fileExtension = "html")
 * public class LetterRenderer implements ReportRenderer { ... }
 * </pre>
 * The renderer's version, recorded in every report's provenance, is the version of the bundle that registers
 * the service. A renderer registered without {@value #FORMAT} or {@value #MEDIA_TYPE} is ignored, with a
 * log message that names its bundle. {@link ReportFormatInfo#of} reads all of it from a service reference.
 *
 * <p>Version 1.0 of this package replaced the methods {@code formatId()}, {@code displayName()},
 * {@code mediaType()}, {@code fileExtension()} and {@code version()} by these properties.
 */
@ConsumerType
public interface ReportRenderer {

    /** Service property (String, required): the format's stable identifier, for example {@code patient-pdf}. */
    String FORMAT = "skingpt.report.format";

    /** Service property (String): the format's human-readable name; the format id when missing. */
    String DISPLAY_NAME = "skingpt.report.displayName";

    /** Service property (String, required): the media type of the rendered bytes, for example {@code application/pdf}. */
    String MEDIA_TYPE = "skingpt.report.mediaType";

    /** Service property (String): the file name extension without the dot, for example {@code pdf}; none when missing. */
    String FILE_EXTENSION = "skingpt.report.fileExtension";

    /**
     * Renders the consultation. Must say, in the document, when the consultation's models are
     * synthetic (not for clinical use).
     *
     * @throws IllegalArgumentException when the consultation cannot be rendered in this format (for
     *                                  example before its findings exist), with a message saying why
     */
    byte[] render(ConsultationRecord consultation, ReportContext context);
}
