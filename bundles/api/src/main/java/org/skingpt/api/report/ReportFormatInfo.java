package org.skingpt.api.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * What a registered {@link ReportRenderer} renders, read from its service properties (see
 * {@link ReportRenderer}) and its bundle, without getting the service object.
 *
 * @param formatId      {@value ReportRenderer#FORMAT}
 * @param displayName   {@value ReportRenderer#DISPLAY_NAME}, or the format id when the renderer gives none
 * @param mediaType     {@value ReportRenderer#MEDIA_TYPE}
 * @param fileExtension {@value ReportRenderer#FILE_EXTENSION}, empty when the renderer gives none
 * @param version       the version of the bundle that registered the renderer, recorded with every report
 * @since 1.0
 */
public record ReportFormatInfo(String formatId, String displayName, String mediaType, String fileExtension,
                               String version) {

    public ReportFormatInfo {
        Objects.requireNonNull(formatId, "formatId");
        Objects.requireNonNull(mediaType, "mediaType");
        displayName = displayName == null || displayName.isBlank() ? formatId : displayName;
        fileExtension = Objects.requireNonNullElse(fileExtension, "");
        version = Objects.requireNonNullElse(version, "");
    }

    /**
     * The format a renderer service offers, or empty when its registration lacks a required property
     * ({@link #problem} says which) or it has been unregistered.
     */
    public static Optional<ReportFormatInfo> of(ServiceReference<?> renderer) {
        Bundle bundle = renderer.getBundle();
        String format = string(renderer, ReportRenderer.FORMAT);
        String mediaType = string(renderer, ReportRenderer.MEDIA_TYPE);
        if (bundle == null || format == null || mediaType == null) {
            return Optional.empty();
        }
        return Optional.of(new ReportFormatInfo(format, string(renderer, ReportRenderer.DISPLAY_NAME), mediaType,
                string(renderer, ReportRenderer.FILE_EXTENSION), bundle.getVersion().toString()));
    }

    /**
     * Why a renderer service is ignored, in a sentence for the log that names its bundle and what is missing;
     * empty when {@link #of} reads it.
     */
    public static Optional<String> problem(ServiceReference<?> renderer) {
        Bundle bundle = renderer.getBundle();
        if (bundle == null) {
            return Optional.of("Report renderer service " + renderer.getProperty("service.id")
                    + " is no longer registered.");
        }
        List<String> missing = new ArrayList<>();
        for (String required : List.of(ReportRenderer.FORMAT, ReportRenderer.MEDIA_TYPE)) {
            if (string(renderer, required) == null) {
                missing.add(required);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Report renderer service " + renderer.getProperty("service.id") + " of bundle "
                + bundle.getSymbolicName() + " " + bundle.getVersion() + " is ignored: it is registered without the"
                + " service propert" + (missing.size() == 1 ? "y " : "ies ") + String.join(" and ", missing)
                + ". Declare them on the component with @org.skingpt.api.report.ReportFormat (see docs/integrators.md).");
    }

    /** A non-blank String property, stripped, or null. */
    private static String string(ServiceReference<?> ref, String key) {
        return ref.getProperty(key) instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
