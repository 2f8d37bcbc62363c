package org.skingpt.consultation.internal;

import java.time.Instant;
import java.util.Locale;
import org.skingpt.api.report.ReportContext;
import org.skingpt.api.report.SiteSettings;
import org.skingpt.api.templates.PromptTemplates;

/**
 * Report wording from the locale bundle the consultation started with, and the facts of one rendering
 * (a new id and time for each).
 */
record PinnedReportContext(PromptTemplates templates, String platformVersion, String reportId,
                           Instant generatedAt, String clinicianDisplayName, SiteSettings site)
        implements ReportContext {

    @Override
    public Locale locale() {
        return templates.locale();
    }

    @Override
    public String text(String key, String fallback) {
        return templates.hasMessage(key) ? templates.message(key) : fallback;
    }

    /** The locale bundle formats its own pattern (formatting its formatted text again would lose quotes). */
    @Override
    public String text(String key, String fallback, Object... arguments) {
        if (templates.hasMessage(key)) {
            return templates.message(key, arguments == null ? new Object[0] : arguments);
        }
        return ReportContext.super.text(key, fallback, arguments);
    }
}
