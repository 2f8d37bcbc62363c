package org.skingpt.console.internal;

import java.util.Locale;
import org.skingpt.api.report.ReportContext;
import org.skingpt.api.templates.PromptTemplates;

/**
 * Report wording from the consultation's locale bundle (the renderer's own text where the bundle has
 * none, or where no bundle of that language is installed any more).
 */
public record ConsoleReportContext(Locale locale, PromptTemplates templates, String platformVersion)
        implements ReportContext {

    @Override
    public String text(String key, String fallback) {
        return templates != null && templates.hasMessage(key) ? templates.message(key) : fallback;
    }
}
