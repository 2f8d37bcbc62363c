package org.skingpt.report.fhir.internal;

import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.report.ReportContext;
import org.skingpt.api.report.ReportFormat;
import org.skingpt.api.report.ReportRenderer;

/**
 * Renders a consultation as a FHIR R4 {@code Bundle} of type {@code collection} in JSON: a
 * preliminary {@code DiagnosticReport}, one {@code Observation} per finding, a {@code Media} per
 * image, a {@code Device} per model and for this renderer, and a {@code Provenance}. See
 * {@link FhirBundleBuilder} for the layout.
 *
 * <p>Stateless, so thread-safe: each call builds its own document.
 */
@Component(service = ReportRenderer.class)
@ReportFormat(format = FhirReportRenderer.FORMAT_ID, displayName = FhirReportRenderer.DISPLAY_NAME,
        mediaType = FhirReportRenderer.MEDIA_TYPE, fileExtension = "json")
public final class FhirReportRenderer implements ReportRenderer {

    static final String FORMAT_ID = "fhir-r4";
    static final String MEDIA_TYPE = "application/fhir+json";
    static final String DISPLAY_NAME = "FHIR R4 DiagnosticReport (JSON)";

    private final String version;

    /** DS: the version recorded in provenance is that of the bundle that supplies this renderer. */
    @Activate
    public FhirReportRenderer(BundleContext context) {
        this(context.getBundle().getVersion().toString());
    }

    /** Outside OSGi (tests): the version to record. */
    public FhirReportRenderer(String version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    @Override
    public byte[] render(ConsultationRecord consultation, ReportContext context) {
        Objects.requireNonNull(consultation, "consultation");
        Objects.requireNonNull(context, "context");
        return new FhirBundleBuilder(consultation, context, FORMAT_ID, DISPLAY_NAME, version).build();
    }
}
