package org.skingpt.report.documents.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.Findings;

class PatientPdfRendererTest {

    private final PatientPdfRenderer renderer = new PatientPdfRenderer("1.4.2");

    /** The text a reader copies out of the PDF, with all white space removed (lines wrap anywhere in CJK). */
    private static String squeezed(PDDocument doc) throws IOException {
        return new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
    }

    private static String squeeze(String s) {
        return s.replaceAll("\\s+", "");
    }

    private static List<PDImageXObject> images(PDPage page) throws IOException {
        List<PDImageXObject> images = new ArrayList<>();
        PDResources resources = page.getResources();
        for (COSName name : resources.getXObjectNames()) {
            if (resources.getXObject(name) instanceof PDImageXObject image) {
                images.add(image);
            }
        }
        return images;
    }

    @Test
    void declaresItsFormatWithReportFormat() throws Exception {
        String constants = classConstants(PatientPdfRenderer.class);
        assertTrue(constants.contains("Lorg/skingpt/api/report/ReportFormat;"), "annotated with @ReportFormat");
        for (String value : java.util.List.of("patient-pdf", "application/pdf", "pdf")) {
            assertTrue(constants.contains(value), value);
        }
    }

    @Test
    void englishPdfHasTheFindingsBannerDisclaimerAndImage() throws IOException {
        ConsultationRecord record = Samples.englishRecord(true, true, 2);
        byte[] pdf = renderer.render(record, Samples.english());
        assertEquals("%PDF-", new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = squeezed(doc);
            assertTrue(text.contains(squeeze("Synthetic demo model \u2014 not for clinical use")), "banner");
            assertTrue(text.contains("Likelydiagnosis") && text.contains("melanoma"), "diagnosis");
            assertTrue(text.contains(squeeze("Suspected malignancy: refer to dermatology within two weeks.")));
            assertTrue(text.contains(squeeze("This is not a diagnosis. A doctor must examine the skin.")),
                    "disclaimer");
            assertTrue(text.contains("dysplasticnaevus"), "differential");
            assertTrue(text.contains(squeeze(Samples.SCRIPT)), "model text printed as text");
            assertTrue(text.contains("patient-pdf1.4.2") && text.contains(squeeze(Samples.LLM)), "provenance");
            List<PDImageXObject> images = images(doc.getPage(0));
            assertEquals(2, images.size(), "both images embedded on the first page");
            assertEquals(64, images.get(0).getWidth());
            assertEquals("en", doc.getDocumentCatalog().getLanguage());
            assertEquals("Skin consultation report", doc.getDocumentInformation().getTitle());
        }
    }

    @Test
    void chineseTextIsDrawnWithAnEmbeddedFontAndExtractable() throws IOException {
        byte[] pdf = renderer.render(Samples.chineseRecord(true, true), Samples.chinese());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = squeezed(doc);
            assertTrue(text.contains("皮肤咨询报告"), "title");
            assertTrue(text.contains("合成演示模型——不可用于临床"), "banner");
            assertTrue(text.contains("可能的诊断") && text.contains("黑色素瘤"), "diagnosis");
            assertTrue(text.contains("发育不良痣") && text.contains("脂溢性角化病"), "differential");
            assertTrue(text.contains("疑似恶性病变：请在两周内转诊皮肤科。"), "referral");
            assertTrue(text.contains("本报告由软件生成，仅供参考，不能代替医生的诊断。"), "disclaimer");
            assertEquals("zh-CN", doc.getDocumentCatalog().getLanguage());
            PDResources resources = doc.getPage(0).getResources();
            boolean embedded = false;
            for (COSName name : resources.getFontNames()) {
                PDFont font = resources.getFont(name);
                embedded |= font.isEmbedded() && font.getName().contains("NotoSansSC");
            }
            assertTrue(embedded, "Noto Sans SC embedded (as a subset)");
            assertEquals(1, images(doc.getPage(0)).size());
        }
    }

    @Test
    void noBannerForRealModels() throws IOException {
        byte[] pdf = renderer.render(Samples.englishRecord(false, false, 1), Samples.english());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = squeezed(doc);
            assertFalse(text.contains("Syntheticdemomodel"));
            assertTrue(text.contains(squeeze("Routine follow-up in 6 months.")));
        }
    }

    @Test
    void longTextBreaksOntoMorePages() throws IOException {
        ConsultationRecord base = Samples.chineseRecord(false, true);
        Findings f = base.findings();
        String longTreatment = "第一步：保持皮肤清洁干燥，避免搔抓。Avoid scratching and keep the skin dry. ".repeat(120)
                + "最后一句话。";
        ConsultationRecord record = Samples.withFindings(base, new Findings(f.description(), f.additionalFeatures(),
                f.diagnosis(), f.conditionCode(), f.differential(), f.causes(), longTreatment, false, f.referral(),
                f.disclaimer()));
        byte[] pdf = renderer.render(record, Samples.chinese());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertTrue(doc.getNumberOfPages() >= 3, "pages: " + doc.getNumberOfPages());
            PDFTextStripper last = new PDFTextStripper();
            last.setStartPage(doc.getNumberOfPages());
            String lastPage = squeeze(last.getText(doc));
            assertTrue(lastPage.contains("最后一句话。"), "the end of the long text");
            assertTrue(lastPage.contains("本报告由软件生成"), "disclaimer after it");
            assertTrue(lastPage.contains(doc.getNumberOfPages() + "/" + doc.getNumberOfPages()), "page number");
            assertTrue(lastPage.contains("合成演示模型"), "synthetic note on every page");
        }
    }

    @Test
    void charactersOutsideTheFontDoNotBreakTheReport() throws IOException {
        ConsultationRecord base = Samples.englishRecord(false, true, 1);
        Findings f = base.findings();
        ConsultationRecord record = Samples.withFindings(base, new Findings("Rare \uD840\uDC00 and emoji \uD83D\uDE00"
                + " and a control \u0007 char and a very long token " + "x".repeat(300), f.additionalFeatures(),
                f.diagnosis(), f.conditionCode(), f.differential(), f.causes(), f.treatment(), false, "", ""));
        try (PDDocument doc = Loader.loadPDF(renderer.render(record, Samples.english()))) {
            String text = squeezed(doc);
            assertTrue(text.contains("Rare\u25A1andemoji\u25A1"), text);
            assertTrue(text.contains("x".repeat(300)));
            assertTrue(text.contains("Disclaimer"), "disclaimer shown even when the locale gave none");
        }
    }

    @Test
    void rendersConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean chinese = i % 2 == 0;
                results.add(pool.submit(() -> renderer.render(
                        chinese ? Samples.chineseRecord(true, true) : Samples.englishRecord(true, true, 1),
                        chinese ? Samples.chinese() : Samples.english())));
            }
            for (int i = 0; i < results.size(); i++) {
                try (PDDocument doc = Loader.loadPDF(results.get(i).get())) {
                    assertTrue(squeezed(doc).contains(i % 2 == 0 ? "黑色素瘤" : "melanoma"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAConsultationWithoutFindings() {
        ConsultationRecord record = Samples.withFindings(Samples.englishRecord(false, true, 1), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> renderer.render(record, Samples.english()));
        assertTrue(e.getMessage().contains("no findings"), e.getMessage());
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
