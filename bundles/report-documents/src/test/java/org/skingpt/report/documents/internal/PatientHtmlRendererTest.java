package org.skingpt.report.documents.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.ConsultationRecord;

class PatientHtmlRendererTest {

    private final PatientHtmlRenderer renderer = new PatientHtmlRenderer("1.4.2");

    private String render(ConsultationRecord record, boolean chinese) {
        return new String(renderer.render(record, chinese ? Samples.chinese() : Samples.english()),
                StandardCharsets.UTF_8);
    }

    @Test
    void declaresItsFormatWithReportFormat() throws Exception {
        String constants = classConstants(PatientHtmlRenderer.class);
        assertTrue(constants.contains("Lorg/skingpt/api/report/ReportFormat;"), "annotated with @ReportFormat");
        for (String value : java.util.List.of("patient-html", "text/html", "html")) {
            assertTrue(constants.contains(value), value);
        }
    }

    @Test
    void englishPageHasEverySectionInPlainLanguage() {
        String html = render(Samples.englishRecord(false, true, 1), false);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<html lang=\"en\">"), "lang attribute");
        for (String heading : new String[] {"Skin consultation report", "Description", "Additional features",
            "Likely diagnosis", "Other possibilities", "Possible causes", "Treatment suggestions", "Referral",
            "Disclaimer"}) {
            assertTrue(html.contains(">" + heading + "<"), heading);
        }
        assertTrue(html.contains("melanoma"));
        assertTrue(html.contains("<li>dysplastic naevus</li>"));
        assertTrue(html.contains("See a dermatologist for dermoscopy"));
        assertTrue(html.contains("Routine follow-up in 6 months."));
        assertTrue(html.contains("This is not a diagnosis. A doctor must examine the skin."));
        // Order: description before diagnosis before treatment before the disclaimer.
        assertTrue(html.indexOf("irregular dark brown") < html.indexOf(">melanoma<")
                && html.indexOf(">melanoma<") < html.indexOf("See a dermatologist")
                && html.indexOf("See a dermatologist") < html.indexOf("This is not a diagnosis"));
    }

    @Test
    void modelTextIsEscaped() {
        String html = render(Samples.englishRecord(false, true, 1), false);
        assertFalse(html.toLowerCase().contains("<script"), "no script element, ever");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertTrue(html.contains("notched &amp; blurred"));
    }

    @Test
    void isSelfContained() {
        String html = render(Samples.englishRecord(false, true, 2), false);
        assertFalse(html.contains("http://") || html.contains("https://"), "no external URL");
        assertFalse(html.contains("<link") || html.contains("url("), "no external style or font");
        assertTrue(html.contains("Content-Security-Policy"));
        Matcher images = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int count = 0;
        while (images.find()) {
            byte[] png = Base64.getDecoder().decode(images.group(1));
            assertEquals(0x89, png[0] & 0xFF);
            assertEquals('P', png[1]);
            count++;
        }
        assertEquals(2, count, "both images inline");
    }

    @Test
    void syntheticBannerOnlyForSyntheticModels() {
        String synthetic = render(Samples.englishRecord(false, true, 1), false);
        assertTrue(synthetic.contains("class=\"banner\""));
        assertTrue(synthetic.contains("Synthetic demo model \u2014 not for clinical use"));
        String real = render(Samples.englishRecord(false, false, 1), false);
        assertFalse(real.contains("class=\"banner\""));
        assertFalse(real.contains("Synthetic demo model"));
    }

    @Test
    void urgentReferralIsProminentAndFirst() {
        String html = render(Samples.englishRecord(true, true, 1), false);
        assertTrue(html.contains("<section class=\"referral urgent\" role=\"alert\">"));
        assertTrue(html.contains("Suspected malignancy: refer to dermatology within two weeks."));
        assertTrue(html.indexOf("Suspected malignancy") < html.indexOf("irregular dark brown"),
                "urgent referral before the sections");
        String routine = render(Samples.englishRecord(false, true, 1), false);
        assertTrue(routine.contains("<section class=\"referral\">"));
        assertFalse(routine.contains("referral urgent"));
    }

    @Test
    void provenanceFooterNamesModelsAndRenderer() {
        String html = render(Samples.englishRecord(false, true, 1), false);
        String footer = html.substring(html.indexOf("<footer>"));
        assertTrue(footer.contains(Samples.ENCODER) && footer.contains(Samples.LLM));
        assertTrue(footer.contains("patient-html 1.4.2"));
        assertTrue(footer.contains("SkinGPT 0.1.0.test"));
        assertTrue(footer.contains("en@0.1.0"));
    }

    @Test
    void chinesePageUsesTheLocaleBundleWording() {
        String html = render(Samples.chineseRecord(true, true), true);
        assertTrue(html.contains("<html lang=\"zh-CN\">"));
        assertTrue(html.contains("<title>皮肤咨询报告</title>"));
        assertTrue(html.contains(">可能的诊断<") && html.contains(">黑色素瘤<"));
        assertTrue(html.contains("合成演示模型——不可用于临床"));
        assertTrue(html.contains("疑似恶性病变：请在两周内转诊皮肤科。"));
        assertTrue(html.contains("本报告由软件生成，仅供参考，不能代替医生的诊断。"));
    }

    @Test
    void refusesAConsultationWithoutFindings() {
        ConsultationRecord record = Samples.withFindings(Samples.englishRecord(false, true, 1), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> renderer.render(record, Samples.english()));
        assertTrue(e.getMessage().contains("no findings"), e.getMessage());
        assertTrue(e.getMessage().contains("c-123"), e.getMessage());
    }

    /**
     * The constants of a class file. maven-bundle-plugin writes the component description (with the service
     * properties) only when it packages the bundle, after the tests; javac keeps a CLASS-retention annotation
     * and its element values in the class file's constants. ConsultationIT reads the installed bundle's
     * service properties.
     */
    static String classConstants(Class<?> component) throws Exception {
        try (java.io.InputStream in = component.getResourceAsStream(component.getSimpleName() + ".class")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
