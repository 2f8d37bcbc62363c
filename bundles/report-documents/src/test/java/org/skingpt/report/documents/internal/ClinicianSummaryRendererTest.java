package org.skingpt.report.documents.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.inference.StopReason;

class ClinicianSummaryRendererTest {

    private final ClinicianSummaryRenderer renderer = new ClinicianSummaryRenderer("1.4.2");

    private String render(ConsultationRecord record, boolean chinese) {
        return new String(renderer.render(record, chinese ? Samples.chinese() : Samples.english()),
                StandardCharsets.UTF_8);
    }

    @Test
    void declaresItsFormatWithReportFormat() throws Exception {
        String constants = classConstants(ClinicianSummaryRenderer.class);
        assertTrue(constants.contains("Lorg/skingpt/api/report/ReportFormat;"), "annotated with @ReportFormat");
        for (String value : java.util.List.of("clinician-summary", "text/html", "html")) {
            assertTrue(constants.contains(value), value);
        }
    }

    @Test
    void showsContextFindingsAndDifferential() {
        String html = render(Samples.englishRecord(true, true, 1), false);
        assertTrue(html.contains("<html lang=\"en\">"));
        assertTrue(html.contains("Changing mole on the back, 54 y"));
        assertTrue(html.contains("melanoma [melanoma]"));
        assertTrue(html.contains("dysplastic naevus, seborrhoeic keratosis"));
        assertTrue(html.contains("class=\"urgent\""));
        assertTrue(html.contains("Suspected malignancy: refer to dermatology within two weeks."));
        assertTrue(html.contains("dr.alice"));
        assertTrue(html.contains("c-123"));
    }

    @Test
    void listsEveryQuestionAndAnswerInOrder() {
        ConsultationRecord record = Samples.englishRecord(false, true, 1);
        String html = render(record, false);
        int last = -1;
        for (Answer a : record.answers()) {
            int at = html.indexOf(Html.escape(a.question()));
            assertTrue(at > last, "in order: " + a.question());
            assertTrue(html.indexOf(Html.escape(a.text()), at) > at, "answer after its question: " + a.text());
            last = at;
        }
        assertTrue(html.contains("Is it contagious?"), "follow-up included");
        assertTrue(html.contains("No, it is not contagious. &lt;b&gt;bold?&lt;/b&gt;"));
        assertFalse(html.toLowerCase().contains("<script"));
        assertFalse(html.contains("<b>"));
    }

    @Test
    void marksFollowUpsByKindAndAnswersCutShort() {
        ConsultationRecord r = Samples.englishRecord(false, false, 1);
        // A follow-up asked first, and a standard answer cut at the length limit.
        java.util.List<Answer> answers = new java.util.ArrayList<>();
        answers.add(Answer.followUpQuestion("Asked first?", "Yes.", null, StopReason.END_OF_SEQUENCE));
        answers.add(Answer.standardQuestion(0, "Describe it.", "It is a", null, StopReason.MAX_TOKENS));
        ConsultationRecord record = new ConsultationRecord(r.id(), r.locale(), r.clinicalContext(), r.clinician(),
                r.images(), answers, r.findings(), r.startedAt());
        String html = render(record, false);
        assertTrue(html.contains("Follow-up question: Asked first?"), html);
        assertFalse(html.contains("Follow-up question: Describe it."));
        assertTrue(html.contains("The answer was cut off at the length limit."));
    }

    @Test
    void hasTheFullProvenance() {
        String html = render(Samples.englishRecord(false, true, 1), false);
        String table = html.substring(html.indexOf("<table>"), html.indexOf("</table>"));
        assertTrue(table.contains(Samples.ENCODER) && table.contains(Samples.ENCODER_SHA));
        assertTrue(table.contains(Samples.LLM) && table.contains(Samples.LLM_SHA));
        assertTrue(table.contains("en@0.1.0"), "locale bundle version");
        assertTrue(table.contains("<td>44</td>"), "seed of the latest answer");
        assertTrue(table.contains("<th>Decoding</th><td>Decoded in a batch with up to 3 conversations</td>"),
                "decode batch of the latest answer");
        assertTrue(table.contains("maxNewTokens=300") && table.contains("topP=0.9")
                && table.contains("stop=&quot;###&quot;"));
        assertTrue(table.contains("2025-03-04T09:15:44Z"), "answered at");
        assertTrue(table.contains("clinician-summary 1.4.2"));
        assertTrue(table.contains("SkinGPT 0.1.0.test"));
        assertTrue(html.contains("class=\"banner\""), "synthetic warning");
    }

    @Test
    void saysForEachAnswerWhetherItWasDecodedAloneOrInABatch() {
        String html = render(Samples.englishRecord(false, false, 1), false);
        String answers = html.substring(html.indexOf("<ol class=\"qa\">"), html.indexOf("</ol>"));
        assertEquals(4, answers.split("Decoded alone", -1).length - 1, answers);
        assertEquals(1, answers.split("Decoded in a batch with up to 3 conversations", -1).length - 1, answers);

        // Provenance made before the decode batch was kept: nothing is claimed.
        ConsultationRecord r = Samples.englishRecord(false, false, 1);
        java.util.List<Answer> old = r.answers().stream().map(a -> new Answer(a.question(), a.text(),
                Samples.provenance(false, "en@0.1.0", 40))).toList();
        String unknown = render(new ConsultationRecord(r.id(), r.locale(), r.clinicalContext(), r.clinician(),
                r.images(), old, r.findings(), r.startedAt()), false);
        assertFalse(unknown.contains("Decod"), "no decoding line when not known");
    }

    @Test
    void noSyntheticWarningForRealModels() {
        String html = render(Samples.englishRecord(false, false, 1), false);
        assertFalse(html.contains("class=\"banner\""));
        assertFalse(html.contains("Synthetic demo model"));
    }

    @Test
    void rendersWithoutFindings() {
        ConsultationRecord record = Samples.withFindings(Samples.englishRecord(false, true, 1), null);
        String html = render(record, false);
        assertTrue(html.contains("The standard questions have not been answered yet."));
        assertTrue(html.contains("Is it contagious?"));
    }

    @Test
    void chineseSummary() {
        String html = render(Samples.chineseRecord(true, true), true);
        assertTrue(html.contains("<html lang=\"zh-CN\">"));
        assertTrue(html.contains("发育不良痣、脂溢性角化病"));
        assertTrue(html.contains(">问答<") && html.contains("会传染吗？") && html.contains("不会传染。"));
        assertTrue(html.contains("合成演示模型——不可用于临床"));
        assertTrue(html.contains("zh-CN@0.1.0"));
        assertTrue(html.contains("<th>解码方式</th><td>批量解码，同一步最多 2 个对话</td>"), "decode batch in Chinese");
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
