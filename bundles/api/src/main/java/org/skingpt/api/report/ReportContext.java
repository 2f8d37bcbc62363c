package org.skingpt.api.report;

import java.util.Locale;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a renderer gets besides the consultation: the language to write in and the report wording of
 * that language's locale bundle.
 */
@ProviderType
public interface ReportContext {

    /** Language of the report. */
    Locale locale();

    /**
     * Report wording for {@code key} (for example {@code report.diagnosis}) from the locale bundle, or
     * {@code fallback} when the locale bundle has none. Keys are listed in docs/integrators.md.
     */
    String text(String key, String fallback);

    /** Version of the platform, for the report's provenance. */
    String platformVersion();
}
