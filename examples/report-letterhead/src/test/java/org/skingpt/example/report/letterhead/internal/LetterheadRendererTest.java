package org.skingpt.example.report.letterhead.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.report.ReportContext;
import org.skingpt.api.report.ReportRenderer;

/** Tests a report renderer the way the platform uses it: a consultation and a context in, a document out. */
class LetterheadRendererTest {

    /** The configuration as Declarative Services builds it: the given values, defaults for the rest. */
    static LetterheadConfig config(Map<String, String> values) {
        return (LetterheadConfig) Proxy.newProxyInstance(LetterheadConfig.class.getClassLoader(),
                new Class<?>[] {LetterheadConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return LetterheadConfig.class;
                    }
                    return values.getOrDefault(method.getName(), (String) method.getDefaultValue());
                });
    }

    /** A ReportContext as the platform gives it: a language and the locale bundle's wording. */
    static ReportContext context(Locale locale, Map<String, String> wording) {
        return new ReportContext() {
            @Override
            public Locale locale() {
                return locale;
            }

            @Override
            public String text(String key, String fallback) {
                return wording.getOrDefault(key, fallback);
            }

            @Override
            public String platformVersion() {
                return "0.1.0";
            }
        };
    }

    static ConsultationRecord consultation(boolean synthetic, Findings findings) {
        Provenance provenance = new Provenance("vision@1.0.0", "aa".repeat(32), "llm@1.0.0", "bb".repeat(32),
                "en@0.1.0", GenerationSettings.skinGpt4Defaults(1), synthetic, Instant.parse("2025-01-02T10:00:00Z"));
        // A 1x1 PNG is enough: the letter only embeds the bytes.
        byte[] png = java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");
        return new ConsultationRecord("c-1", Locale.ENGLISH, "", "", List.of(new ConsultationImage("00", 1, 1, png)),
                List.of(new Answer("Describe the lesion.", "A brown macule.", provenance)), findings,
                Instant.parse("2025-01-02T09:59:00Z"));
    }

    static Findings findings(String diagnosis, boolean urgent) {
        return new Findings("A brown macule <script>alert(1)</script>", "", diagnosis, "", List.of("lentigo"), "",
                "Watch for changes.", urgent, urgent ? "See a dermatologist within two weeks." : "",
                "Not a diagnosis.");
    }

    private static String render(LetterheadConfig config, ConsultationRecord record, ReportContext context) {
        return new String(new LetterheadRenderer("2.0.0", config).render(record, context), StandardCharsets.UTF_8);
    }

    @Test
    void printsTheConfiguredLetterhead() {
        LetterheadConfig config = config(Map.of("hospitalName", "St. Mary's & Co Hospital", "department",
                "Skin Clinic", "address", "Main Street 1|8000 Zurich"));
        String html = render(config, consultation(false, findings("melanoma", true)),
                context(Locale.ENGLISH, Map.of()));
        assertTrue(html.contains("St. Mary&#39;s &amp; Co Hospital"));
        assertTrue(html.contains("Skin Clinic"));
        assertTrue(html.contains(">Main Street 1<") && html.contains(">8000 Zurich<"));
        assertTrue(html.contains("melanoma") && html.contains("Watch for changes."));
        assertTrue(html.contains("class=\"urgent\">See a dermatologist within two weeks."));
        assertTrue(html.contains("letterhead-html 2.0.0"));
        assertFalse(html.contains("<script"), "model text is escaped");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing external");
    }

    @Test
    void unconfiguredUsesTheDefaults() {
        String html = render(config(Map.of()), consultation(false, findings("naevus", false)),
                context(Locale.ENGLISH, Map.of()));
        assertTrue(html.contains("<div class=\"hospital\">Hospital</div>"));
        assertTrue(html.contains("Department of Dermatology"));
        assertFalse(html.contains("class=\"address\""));
    }

    @Test
    void warnsWhenTheModelIsSynthetic() {
        String synthetic = render(config(Map.of()), consultation(true, findings("naevus", false)),
                context(Locale.ENGLISH, Map.of()));
        assertTrue(synthetic.contains("Synthetic demo model"));
        String real = render(config(Map.of()), consultation(false, findings("naevus", false)),
                context(Locale.ENGLISH, Map.of()));
        assertFalse(real.contains("Synthetic demo model"));
    }

    @Test
    void usesTheLocaleBundlesWording() {
        String html = render(config(Map.of("hospitalName", "北京协和医院")), consultation(true, findings("黑色素瘤", true)),
                context(Locale.SIMPLIFIED_CHINESE, Map.of("report.diagnosis", "可能的诊断",
                        "report.synthetic", "合成演示模型——不可用于临床")));
        assertTrue(html.contains("<html lang=\"zh-CN\">"));
        assertTrue(html.contains("北京协和医院") && html.contains(">可能的诊断<") && html.contains("黑色素瘤"));
        assertTrue(html.contains("合成演示模型——不可用于临床"));
    }

    @Test
    void refusesAConsultationWithoutFindings() {
        assertThrows(IllegalArgumentException.class, () -> render(config(Map.of()), consultation(false, null),
                context(Locale.ENGLISH, Map.of())));
    }

    @Test
    void describesItselfInItsServiceProperties() throws Exception {
        var p = componentProperties(LetterheadRenderer.class);
        assertEquals("letterhead-html", p.get(ReportRenderer.FORMAT));
        assertEquals("text/html", p.get(ReportRenderer.MEDIA_TYPE));
        assertEquals("html", p.get(ReportRenderer.FILE_EXTENSION));
        assertFalse(p.getOrDefault(ReportRenderer.DISPLAY_NAME, "").isBlank());
    }

    /** The service properties bnd wrote into the component description from {@code @ReportFormat}. */
    static java.util.Map<String, String> componentProperties(Class<?> component) throws Exception {
        String xml;
        try (java.io.InputStream in = component.getClassLoader()
                .getResourceAsStream("OSGI-INF/" + component.getName() + ".xml")) {
            org.junit.jupiter.api.Assertions.assertNotNull(in, "no component description for " + component.getName());
            xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.util.Map<String, String> properties = new java.util.TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<property name=\"([^\"]+)\"(?: type=\"String\")? value=\"([^\"]*)\"").matcher(xml);
        while (m.find()) {
            properties.put(m.group(1), m.group(2));
        }
        return properties;
    }
}
