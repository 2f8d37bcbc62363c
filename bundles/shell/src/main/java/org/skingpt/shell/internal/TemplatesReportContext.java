package org.skingpt.shell.internal;

import java.util.Locale;
import org.skingpt.api.report.ReportContext;
import org.skingpt.api.templates.PromptTemplates;

/** Report wording from a locale bundle, with the renderer's own text where the bundle has none. */
record TemplatesReportContext(PromptTemplates templates, String platformVersion) implements ReportContext {

    @Override
    public Locale locale() {
        return templates.locale();
    }

    @Override
    public String text(String key, String fallback) {
        return templates.hasMessage(key) ? templates.message(key) : fallback;
    }
}
