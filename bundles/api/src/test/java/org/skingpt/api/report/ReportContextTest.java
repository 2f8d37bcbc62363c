package org.skingpt.api.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportContextTest {

    /** A context as an integrator writes one for a test: only the methods of version 0.2. */
    private static ReportContext context(Locale locale, Map<String, String> texts) {
        return new ReportContext() {
            @Override
            public Locale locale() {
                return locale;
            }

            @Override
            public String text(String key, String fallback) {
                return texts.getOrDefault(key, fallback);
            }

            @Override
            public String platformVersion() {
                return "1.0.0";
            }
        };
    }

    @Test
    void textWithArgumentsFormatsTheBundlesPatternOrTheFallback() {
        ReportContext en = context(Locale.ENGLISH, Map.of("report.imageOf", "Image {0} of {1}"));
        assertEquals("Image 2 of 3", en.text("report.imageOf", "Picture {0}/{1}", 2, 3));
        assertEquals("Picture 2/3", en.text("report.other", "Picture {0}/{1}", 2, 3));
        assertEquals("Don't {0}", en.text("report.plain", "Don't {0}"), "without arguments nothing is formatted");
        assertEquals("It's 1,234", en.text("report.none", "It''s {0}", 1234));
        ReportContext de = context(Locale.GERMAN, Map.of());
        assertEquals("1.234 Bilder", de.text("report.count", "{0} Bilder", 1234), "numbers in the report's locale");
        assertEquals("Bad {0,numbr}", de.text("report.bad", "Bad {0,numbr}", 1), "a broken pattern is returned as is");
    }

    @Test
    void newMethodsHaveDefaults() {
        ReportContext c = context(Locale.ENGLISH, Map.of());
        assertEquals("", c.reportId());
        assertEquals("", c.clinicianDisplayName());
        assertNotNull(c.generatedAt());
        assertEquals(SiteSettings.DEFAULTS, c.site());
        assertEquals("", c.site().hospitalName());
    }

    @Test
    void siteSettingsNormaliseMissingValues() {
        SiteSettings s = new SiteSettings(null, " Dermatology ", null);
        assertEquals("", s.hospitalName());
        assertEquals("Dermatology", s.department());
        assertEquals(ZoneId.systemDefault(), s.timeZone());
        assertEquals("org.skingpt.site", SiteSettings.PID);
    }
}
