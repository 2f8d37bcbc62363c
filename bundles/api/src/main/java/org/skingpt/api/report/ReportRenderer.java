package org.skingpt.api.report;

import java.util.Locale;
import org.osgi.annotation.versioning.ConsumerType;
import org.skingpt.api.consultation.ConsultationRecord;

/** Turns a finished consultation into a document (HTML, PDF, FHIR JSON, ...). */
@ConsumerType
public interface ReportRenderer {

    /** Stable identifier of the format, for example {@code patient-html} or {@code fhir-r4}. */
    String formatId();

    /** Human-readable name of the format. */
    String displayName();

    /** Media type of what {@link #render} returns, for example {@code application/pdf}. */
    String mediaType();

    /** Version of the bundle that supplies this renderer, recorded in the report's provenance. */
    String version();

    /** Renders the consultation in the given language. */
    byte[] render(ConsultationRecord consultation, Locale locale);
}
