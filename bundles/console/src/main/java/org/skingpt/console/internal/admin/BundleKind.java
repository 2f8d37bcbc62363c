package org.skingpt.console.internal.admin;

import java.util.function.Function;
import org.skingpt.api.model.ModelServices;
import org.skingpt.api.report.ReportRenderer;
import org.skingpt.api.templates.PromptTemplates;

/** The bundles an admin may deploy, start, stop and remove from the console: the hot-swappable ones. */
public enum BundleKind {
    /** Carries a model: manifest header {@code SkinGPT-Model} (the model extender loads it). */
    MODEL,
    /** Carries a language: manifest header {@code SkinGPT-Locale} (the locale extender reads it). */
    LOCALE,
    /** Registers a report renderer ({@code org.skingpt.api.report.ReportRenderer}, declared by bnd in Provide-Capability). */
    REPORT;

    static final String MODEL_HEADER = ModelServices.MODEL_HEADER;
    static final String LOCALE_HEADER = PromptTemplates.LOCALE_HEADER;
    static final String RENDERER = ReportRenderer.class.getName();

    /** The kind a bundle is by its manifest headers, or null when it is none of them. */
    public static BundleKind of(Function<String, String> header) {
        if (present(header.apply(MODEL_HEADER))) {
            return MODEL;
        }
        if (present(header.apply(LOCALE_HEADER))) {
            return LOCALE;
        }
        String provided = header.apply("Provide-Capability");
        if (provided != null && provided.replaceAll("\\s", "").contains(RENDERER)) {
            return REPORT;
        }
        return null;
    }

    /** The header that marks this kind, and its value, for the confirmation shown before installing. */
    String markerHeader() {
        return switch (this) {
            case MODEL -> MODEL_HEADER;
            case LOCALE -> LOCALE_HEADER;
            case REPORT -> "Provide-Capability";
        };
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }
}
