package org.skingpt.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextTest {
    private static final Locale EN = Locale.ENGLISH;
    private static final Locale ZH = Locale.forLanguageTag("zh-CN");
    private static final Pattern CJK = Pattern.compile("\\p{IsHan}");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\{|\\}|%[sd]|\\bnull\\b|\\bNaN\\b|TODO|XXX|\\$\\{|<[a-zA-Z_]+>|\\s{2,}|\\s[,.;:]|[,;]\\.|\\.\\.");

    private static List<String> texts(DialogueWriter w, Sample s) {
        List<String> t = new ArrayList<>();
        t.add(w.step1Question(s));
        t.add(w.step1Answer(s));
        t.add(w.step2Question(s));
        t.add(w.step2Answer(s));
        for (DialogueWriter.Turn turn : w.evaluationDialogue(s)) {
            t.add(turn.question());
            t.add(turn.answer());
        }
        return t;
    }

    @Test
    void noPlaceholdersAndCorrectScript() {
        for (Sample s : TestSupport.set(TestSupport.SMALL)) {
            for (String t : texts(new DialogueWriter(EN), s)) {
                assertFalse(t.isBlank());
                assertFalse(PLACEHOLDER.matcher(t).find(), "placeholder or spacing problem: " + t);
                assertFalse(CJK.matcher(t).find(), "Chinese characters in English text: " + t);
                assertTrue(t.endsWith(".") || t.endsWith("?"), t);
            }
            for (String t : texts(new DialogueWriter(ZH), s)) {
                assertFalse(t.isBlank());
                assertFalse(PLACEHOLDER.matcher(t).find(), "placeholder or spacing problem: " + t);
                assertTrue(CJK.matcher(t).find(), "no Chinese characters: " + t);
                assertTrue(t.endsWith("。") || t.endsWith("？"), t);
            }
        }
    }

    @Test
    void evaluationQuestionsAreThePapersFourPrompts() {
        List<String> q = DialogueWriter.evaluationQuestions(EN);
        assertEquals("Could you describe the skin disease in this image for me?", q.get(0));
        assertEquals("Please provide a paragraph listing additional features you observed in the image.", q.get(1));
        assertEquals("Based on the previous information, please provide a detailed explanation of the cause of"
                + " this skin disease.", q.get(2));
        assertEquals("What treatment and medication should be recommended for this case?", q.get(3));
        assertEquals(4, DialogueWriter.evaluationQuestions(ZH).size());
    }

    @Test
    void answersFollowTheTwoStepStyles() {
        Sample s = TestSupport.set(TestSupport.SMALL).get(4);
        DialogueWriter en = new DialogueWriter(EN);
        DialogueWriter zh = new DialogueWriter(ZH);
        assertTrue(en.step1Answer(s).startsWith("This is a skin disease image with the following medical features: "));
        // Step 2 names the diagnosis first, then the concepts of step 1.
        assertTrue(en.step2Answer(s).startsWith("This could be a skin disease image of " + s.condition().english() + ". "
                + "It shows the following medical features: "), en.step2Answer(s));
        assertTrue(zh.step1Answer(s).startsWith("这是一张皮肤病图像，具有以下医学特征："));
        assertTrue(zh.step2Answer(s).startsWith("这可能是" + s.condition().chinese() + "的皮肤病图像。图像具有以下医学特征："),
                zh.step2Answer(s));
        assertTrue(en.describe(s).contains("This could be a skin disease image of"));
        for (Concept k : s.concepts()) {
            assertTrue(en.step1Answer(s).contains(k.english()), k.english());
            assertTrue(zh.step1Answer(s).contains(k.chinese()), k.chinese());
            assertTrue(en.step2Answer(s).contains(k.english()), k.english());
            assertTrue(zh.step2Answer(s).contains(k.chinese()), k.chinese());
        }
    }

    @Test
    void safetyWording() {
        for (Sample s : TestSupport.set(TestSupport.SMALL)) {
            for (Locale l : List.of(EN, ZH)) {
                DialogueWriter w = new DialogueWriter(l);
                List<DialogueWriter.Turn> d = w.evaluationDialogue(s);
                assertTrue(d.get(0).answer().contains(w.disclaimer()));
                assertTrue(d.get(3).answer().contains(w.disclaimer()));
                if (s.condition().malignant()) {
                    String urgent = l == EN ? "dermatologist urgently" : "尽快到皮肤科就诊";
                    assertTrue(d.get(0).answer().contains(urgent), d.get(0).answer());
                    assertTrue(w.step2Answer(s).contains(urgent));
                    assertTrue(d.get(3).answer().contains(l == EN ? "dermatologist" : "皮肤科"));
                }
            }
        }
        assertTrue(Texts.DISCLAIMER_EN.contains("not a diagnosis"));
        assertTrue(Texts.DISCLAIMER_ZH.contains("不构成诊断"));
    }

    @Test
    void everyConditionHasCompleteTexts() {
        for (Condition c : Condition.values()) {
            for (Locale l : List.of(EN, ZH)) {
                Texts.Clinical t = Texts.clinical(c, l);
                int min = l == ZH ? 40 : 100;
                assertTrue(t.description().length() > min, c + " " + l);
                assertTrue(t.causes().length() > min, c + " " + l);
                assertTrue(t.treatment().length() > min, c + " " + l);
            }
        }
    }

    @Test
    void questionTwoMentionsSkinTypeAndSize() {
        Sample s = TestSupport.set(TestSupport.SMALL).get(9);
        String a = new DialogueWriter(EN).additionalFeatures(s);
        assertTrue(a.contains("Fitzpatrick skin type " + s.fitzpatrickRoman()), a);
        assertTrue(a.contains(" mm across"), a);
        String z = new DialogueWriter(ZH).additionalFeatures(s);
        assertTrue(z.contains("Fitzpatrick " + s.fitzpatrickRoman() + "型"), z);
    }

    /** Answer 2 taught to a model that reads a finding network: what the network is unsure of is left out, the rest kept. */
    @Test
    void answerTwoLeavesOutTheSizeBorderAndEdgeItIsNotToState() {
        DialogueWriter.Visible sizeBorderEdgeOpen = new DialogueWriter.Visible(true, false, false, false, true);
        int borders = 0;
        for (Sample s : TestSupport.set(TestSupport.SMALL)) {
            for (Locale locale : List.of(EN, ZH)) {
                DialogueWriter w = new DialogueWriter(locale);
                boolean zh = locale == ZH;
                String all = w.additionalFeatures(s, DialogueWriter.Visible.ALL);
                assertEquals(w.additionalFeatures(s), all);
                String left = w.additionalFeatures(s, sizeBorderEdgeOpen);
                assertFalse(PLACEHOLDER.matcher(left).find(), left);
                for (String gone : zh ? List.of("直径约", "边界不规则", "边界光滑", "分界清楚", "边界不清")
                        : List.of(" mm across", "border is", "demarcated", "ill-defined")) {
                    assertFalse(left.contains(gone), gone + " in " + left);
                }
                borders += all.contains(zh ? "边界" : "border is") ? 1 : 0;
                // The count and the skin type stay; so does every sentence the reading does not touch.
                boolean multiple = s.concepts().contains(Concept.MULTIPLE);
                assertTrue(left.startsWith(multiple ? (zh ? "图像中可见多处皮损。" : "Several lesions are visible.")
                        : (zh ? "图像中为单个皮损。" : "There is a single lesion.")), left);
                assertTrue(left.contains("Fitzpatrick " + (zh ? "" : "skin type ") + s.fitzpatrickRoman()), left);
                assertTrue(left.endsWith(all.substring(all.lastIndexOf(zh ? "这些特征" : "These features"))), left);
                String sizeOnly = w.additionalFeatures(s, new DialogueWriter.Visible(true, true, false, false, true));
                assertTrue(sizeOnly.contains(zh ? "直径约" : " mm across"), sizeOnly);
                // Count and skin type left open: said so, in words the evaluation reads as stating neither.
                String open = w.additionalFeatures(s, new DialogueWriter.Visible(false, true, true, true, false));
                String openBoth = w.additionalFeatures(s, new DialogueWriter.Visible(false, false, true, true, false));
                for (String text : List.of(open, openBoth)) {
                    assertTrue(text.startsWith(zh ? "皮损是单个还是多处，图像不足以可靠判断" : "It cannot be told reliably"), text);
                    for (String stated : zh ? List.of("单个皮损", "多处皮损", "单发", "多发", "Fitzpatrick")
                            : List.of("single lesion", "several lesions", "Several lesions", "Fitzpatrick")) {
                        assertFalse(text.contains(stated), stated + " in " + text);
                    }
                    assertTrue(text.contains(zh ? "无法从图像可靠判断周围皮肤的肤色分型。"
                            : "The skin type cannot be judged reliably from this picture."), text);
                }
                assertTrue(open.contains(zh ? "；最大者直径约" : "; the largest measures about"), open);
                assertFalse(openBoth.contains(zh ? "直径约" : " mm across"), openBoth);
            }
        }
        assertTrue(borders > 0, "some samples state a border when all is visible");
    }
}
