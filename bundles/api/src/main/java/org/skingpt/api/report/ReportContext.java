package org.skingpt.api.report;

import java.text.MessageFormat;
import java.time.Instant;
import java.util.Locale;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a renderer gets besides the consultation: the language to write in, the report wording of that
 * language's locale bundle, and facts about this rendering (its id and time, who asked for it, the
 * site's settings). The platform makes a new one for every render.
 *
 * <p>Methods added after version 0.2 of this package have default implementations, so that a
 * {@code ReportContext} written for a test keeps compiling; the platform overrides them all.
 */
@ProviderType
public interface ReportContext {

    /**
     * Language of the report: the language the consultation is served in, the same as
     * {@link org.skingpt.api.consultation.ConsultationRecord#locale()} (the locale bundle's language, which
     * is English when no locale bundle for the language asked for is installed).
     */
    Locale locale();

    /**
     * Report wording for {@code key} (for example {@code report.diagnosis}) from the locale bundle, or
     * {@code fallback} when the locale bundle has none. Keys are listed in docs/integrators.md. A locale
     * bundle's text is a {@link MessageFormat} pattern already formatted without arguments (a doubled
     * apostrophe {@code ''} comes out as one); the fallback is returned as it is.
     */
    String text(String key, String fallback);

    /**
     * Report wording for {@code key} with {@code {0}}, {@code {1}}, ... replaced by {@code arguments}, as
     * {@link org.skingpt.api.templates.PromptTemplates#message(String, Object...)} does: the locale bundle's
     * {@link MessageFormat} pattern, or {@code fallback} (also a {@code MessageFormat} pattern: write
     * {@code ''} for an apostrophe) when the locale bundle has none. Numbers and dates are formatted for
     * {@link #locale()}. A pattern the arguments do not fit is returned unformatted rather than failing.
     *
     * <p>The default implementation formats {@link #text(String, String)} (for contexts written in tests);
     * the platform formats the locale bundle's pattern itself.
     *
     * @since 0.3
     */
    default String text(String key, String fallback, Object... arguments) {
        String pattern = text(key, fallback);
        if (pattern == null || arguments == null || arguments.length == 0) {
            return pattern;
        }
        try {
            return new MessageFormat(pattern, locale()).format(arguments);
        } catch (IllegalArgumentException e) {
            return pattern;
        }
    }

    /** Version of the platform, for the report's provenance. */
    String platformVersion();

    /**
     * Identifier of this rendering, different for every call of
     * {@link ReportRenderer#render(org.skingpt.api.consultation.ConsultationRecord, ReportContext)} (a random
     * UUID from the platform): a document id, a message control id. Empty only in a context written for a
     * test that does not give one.
     *
     * @since 0.3
     */
    default String reportId() {
        return "";
    }

    /**
     * When this rendering was asked for: the time to print as "generated", the same for every call of this
     * method within one rendering. The default is the time of the call.
     *
     * @since 0.3
     */
    default Instant generatedAt() {
        return Instant.now();
    }

    /**
     * The clinician's name as people read it: the display name the site configuration gives for
     * {@link org.skingpt.api.consultation.ConsultationRecord#clinician()} (the user name), or that user name
     * when it gives none. Empty when the consultation has no clinician.
     *
     * @since 0.3
     */
    default String clinicianDisplayName() {
        return "";
    }

    /**
     * The site's settings (hospital name, time zone), configured once for the whole server (configuration
     * PID {@value SiteSettings#PID}) instead of in every report bundle.
     *
     * @since 0.3
     */
    default SiteSettings site() {
        return SiteSettings.DEFAULTS;
    }
}
