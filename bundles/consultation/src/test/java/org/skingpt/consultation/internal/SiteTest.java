package org.skingpt.consultation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.report.SiteSettings;
import org.skingpt.api.templates.PromptTemplates;

class SiteTest {

    private static SiteConfig config(String hospital, String zone, String... names) {
        return new SiteConfig() {
            @Override public Class<? extends Annotation> annotationType() { return SiteConfig.class; }
            @Override public String hospitalName() { return hospital; }
            @Override public String department() { return "Dermatology"; }
            @Override public String timeZone() { return zone; }
            @Override public String[] clinicianNames() { return names; }
        };
    }

    @Test
    void readsTheSettingsAndTheDisplayNames() {
        Site site = Site.of(config("Kantonsspital Example", "Europe/Zurich", "jdoe = Dr. Jane Doe", "broken", "x="));
        assertEquals(new SiteSettings("Kantonsspital Example", "Dermatology", ZoneId.of("Europe/Zurich")),
                site.settings());
        assertEquals("Dr. Jane Doe", site.displayName("jdoe"));
        assertEquals("asmith", site.displayName("asmith"));
        assertEquals("", site.displayName(""));
    }

    @Test
    void aBadTimeZoneFallsBackToTheServers() {
        assertEquals(ZoneId.systemDefault(), Site.of(config("", "Mars/Olympus", new String[0])).settings().timeZone());
        assertEquals(ZoneId.systemDefault(), new Site().settings().timeZone());
    }

    /** The platform's report context formats the locale bundle's own pattern, or the fallback. */
    @Test
    void reportTextWithArguments() {
        PromptTemplates t = new PromptTemplates() {
            final Map<String, String> texts = Map.of("report.imageOf", "Image {0} of {1}");
            @Override public Locale locale() { return Locale.ENGLISH; }
            @Override public String version() { return "1"; }
            @Override public String systemPrompt() { return ""; }
            @Override public String humanTurn(String question, int images) { return ""; }
            @Override public String assistantPrefix() { return ""; }
            @Override public List<String> stopStrings() { return List.of(); }
            @Override public List<String> standardQuestions() { return List.of(); }
            @Override public Findings findings(List<String> answers) { return null; }
            @Override public String message(String key, Object... arguments) {
                return new java.text.MessageFormat(texts.get(key), Locale.ENGLISH).format(arguments);
            }
            @Override public boolean hasMessage(String key) { return texts.containsKey(key); }
        };
        var context = new PinnedReportContext(t, "1.0", "id-1", Instant.EPOCH, "Dr. Jane Doe",
                SiteSettings.DEFAULTS);
        assertEquals("Image 1 of 2", context.text("report.imageOf", "Picture {0}", 1, 2));
        assertEquals("Picture 1", context.text("report.picture", "Picture {0}", 1));
        assertEquals("Picture {0}", context.text("report.picture", "Picture {0}"));
        assertEquals("id-1", context.reportId());
        assertEquals("Dr. Jane Doe", context.clinicianDisplayName());
    }
}
