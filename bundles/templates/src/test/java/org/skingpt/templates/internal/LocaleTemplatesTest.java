package org.skingpt.templates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.templates.PromptTemplates;
import org.skingpt.synthetic.Condition;
import org.skingpt.synthetic.DialogueWriter;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;

/** The real locale files of the en and zh-CN bundles, read through {@link LocaleFileReader}. */
class LocaleTemplatesTest {

    private static final Locale ZH_CN = Locale.forLanguageTag("zh-CN");
    private static LocaleTemplates en;
    private static LocaleTemplates zh;

    @BeforeAll
    static void load() throws Exception {
        en = LocaleFiles.load(LocaleFiles.EN);
        zh = LocaleFiles.load(LocaleFiles.ZH_CN);
    }

    // ------------------------------------------------------------------------------------ prompt format

    @Test
    void englishFirstTurnIsExactlyTheTrainingFormat() {
        String q = en.standardQuestions().get(0);
        assertEquals("Give the following image: <Img>ImageContent</Img>. You will be able to see the image once I"
                + " provide it to you. Please answer my questions.###Human: <Img><ImageHere></Img> Could you describe"
                + " the skin disease in this image for me?###Assistant:",
                en.systemPrompt() + en.humanTurn(q, 1) + en.assistantPrefix());
        assertEquals("###Human: What else could it be?", en.humanTurn("What else could it be?", 0));
        assertEquals(List.of("###"), en.stopStrings());
        assertEquals(Locale.ENGLISH, en.locale());
        assertEquals("1.0.0", en.version());
    }

    @Test
    void chineseFirstTurnIsExactlyTheTrainingFormat() {
        assertEquals("给你以下图像：<Img>图像内容</Img>。你将在我提供图像后看到它。请回答我的问题。"
                + "###Human: <Img><ImageHere></Img> 你能为我描述一下这张图像中的皮肤病吗？###Assistant:",
                zh.systemPrompt() + zh.humanTurn(zh.standardQuestions().get(0), 1) + zh.assistantPrefix());
        assertEquals(ZH_CN, zh.locale());
        assertEquals("zh-CN", zh.locale().toLanguageTag());
        assertEquals(List.of("###"), zh.stopStrings());
    }

    @Test
    void standardQuestionsAreTheOnesTheModelWasTrainedOn() {
        assertEquals(DialogueWriter.EVALUATION_QUESTIONS_EN, en.standardQuestions());
        assertEquals(DialogueWriter.EVALUATION_QUESTIONS_ZH, zh.standardQuestions());
    }

    @Test
    void severalImagesRepeatTheWholeImgGroup() {
        assertEquals("###Human: <Img><ImageHere></Img><Img><ImageHere></Img> Compare them.", en.humanTurn("Compare them.", 2));
        assertEquals("###Human: <Img><ImageHere></Img><Img><ImageHere></Img><Img><ImageHere></Img> q", en.humanTurn("q", 3));
    }

    @Test
    void aPlaceholderTypedIntoTheQuestionCannotAddAnImageSlot() {
        String turn = en.humanTurn("what is <ImageHere> this {question}?", 1);
        assertEquals(1, turn.split(PromptTemplates.IMAGE_PLACEHOLDER, -1).length - 1);
        assertEquals("###Human: <Img><ImageHere></Img> what is  this {question}?", turn);
        assertEquals("###Human: ", en.humanTurn(null, 0));
        assertThrows(IllegalArgumentException.class, () -> en.humanTurn("q", -1));
    }

    // ------------------------------------------------------------------------------------ findings

    @Test
    void findingsReadEveryConditionBackFromTheModelsReferenceAnswersInBothLanguages() {
        SyntheticGenerator generator = new SyntheticGenerator(20240601L, 32);
        DialogueWriter writerEn = new DialogueWriter(Locale.ENGLISH);
        DialogueWriter writerZh = new DialogueWriter(ZH_CN);
        Set<Condition> seen = EnumSet.noneOf(Condition.class);
        // 66 = 11 conditions x 6 skin types: every condition on every Fitzpatrick type
        for (int i = 0; i < 66; i++) {
            Sample s = generator.generate(i);
            seen.add(s.condition());
            check(en, writerEn, s, s.condition().english());
            check(zh, writerZh, s, s.condition().chinese());
        }
        assertEquals(EnumSet.allOf(Condition.class), seen);
    }

    private static void check(LocaleTemplates t, DialogueWriter writer, Sample s, String displayName) {
        List<String> answers = writer.evaluationDialogue(s).stream().map(DialogueWriter.Turn::answer).toList();
        Findings f = t.findings(answers);
        String where = t.locale() + " sample " + s.index() + " (" + s.condition().id() + ")";
        assertEquals(s.condition().id(), f.conditionCode(), where);
        assertEquals(displayName, f.diagnosis(), where);
        assertEquals(List.of(), f.differential(), where);
        boolean malignant = s.condition() == Condition.MELANOMA || s.condition() == Condition.BASAL_CELL_CARCINOMA;
        assertEquals(malignant, f.urgentReferral(), where);
        if (malignant) {
            assertFalse(f.referral().isEmpty(), where);
            // the urgency line is word for word the one the model writes
            assertTrue(answers.get(0).contains(f.referral()), where);
        } else {
            assertEquals("", f.referral(), where);
        }
        assertEquals(writer.disclaimer(), f.disclaimer(), where);
        assertEquals(answers.get(0), f.description());
        assertEquals(answers.get(1), f.additionalFeatures());
        assertEquals(answers.get(2), f.causes());
        assertEquals(answers.get(3), f.treatment());
    }

    @Test
    void everyNameTheModelUsesIsKnownWithTheModelsDisplayNames() {
        for (Condition c : Condition.values()) {
            for (String name : c.englishNames()) {
                assertEquals(c.id(), diagnosis(en, "It is " + name + ".").conditionCode(), "en: " + name);
                assertEquals(c.english(), diagnosis(en, name).diagnosis(), "en: " + name);
                assertEquals(c.id(), diagnosis(zh, name).conditionCode(), "zh-CN (Latin term): " + name);
            }
            for (String name : c.chineseNames()) {
                assertEquals(c.id(), diagnosis(zh, "这是" + name + "。").conditionCode(), "zh-CN: " + name);
                assertEquals(c.chinese(), diagnosis(zh, name).diagnosis(), "zh-CN: " + name);
            }
        }
        assertEquals(List.of("acne", "actinic_keratosis", "bcc", "eczema", "melanoma", "nevus", "psoriasis",
                "seborrheic_keratosis", "tinea_corporis", "urticaria", "vitiligo"), en.conditionCodes());
        assertEquals(en.conditionCodes(), zh.conditionCodes());
    }

    private static Findings diagnosis(PromptTemplates t, String answer1) {
        return t.findings(List.of(answer1, "", "", ""));
    }

    @Test
    void overlappingNamesCountOnce() {
        Findings f = diagnosis(en, "A melanocytic nevus (a mole), also called a benign naevus or nevus.");
        assertEquals("nevus", f.conditionCode());
        assertEquals("melanocytic nevus", f.diagnosis());
        assertEquals(List.of(), f.differential());

        f = diagnosis(en, "Malignant melanoma, or melanoma.");
        assertEquals("melanoma", f.conditionCode());
        assertEquals(List.of(), f.differential());

        f = diagnosis(zh, "这可能是恶性黑色素瘤的皮肤病图像。黑色素瘤需要尽快就诊。");
        assertEquals("melanoma", f.conditionCode());
        assertEquals("黑色素瘤", f.diagnosis());
        assertEquals(List.of(), f.differential());
    }

    @Test
    void keratosisAloneNamesNeitherKeratosisAndEachFullNameNamesOnlyItsOwn() {
        assertEquals("", diagnosis(en, "A keratosis on the cheek.").conditionCode());
        assertEquals("", diagnosis(en, "Keratoses are common.").conditionCode());
        Findings f = diagnosis(en, "This could be a skin disease image of seborrheic keratosis. An actinic keratosis"
                + " is less likely.");
        assertEquals("seborrheic_keratosis", f.conditionCode());
        assertEquals(List.of("actinic keratosis"), f.differential());
        assertEquals("actinic_keratosis", diagnosis(en, "Solar keratoses on the scalp.").conditionCode());
        // basal cell papilloma is a seborrheic keratosis, not a basal cell carcinoma
        f = diagnosis(en, "A basal cell papilloma.");
        assertEquals("seborrheic_keratosis", f.conditionCode());
        assertFalse(f.urgentReferral());
        assertEquals("seborrheic_keratosis", diagnosis(zh, "这可能是基底细胞乳头瘤的皮肤病图像。").conditionCode());
        assertEquals("", diagnosis(zh, "角化病").conditionCode());
    }

    @Test
    void namesAreWholeWordsCaseInsensitiveAndHyphenTolerant() {
        assertEquals("bcc", diagnosis(en, "Suspected BCC on the nose.").conditionCode());
        assertEquals("bcc", diagnosis(en, "A Basal-Cell Carcinoma.").conditionCode());
        assertEquals("bcc", diagnosis(en, "basal  cell\ncarcinoma").conditionCode());
        assertEquals("", diagnosis(en, "abcc, hivesless, molecule, acneiform-ish? no: acnes").conditionCode());
        assertEquals("bcc", diagnosis(zh, "基底细胞癌（BCC）").conditionCode());
        assertEquals("bcc", diagnosis(zh, "考虑BCC。").conditionCode());
    }

    @Test
    void aNegatedNameIsNotAMention() {
        Findings f = diagnosis(en, "Basal cell carcinoma is the most common non-melanoma skin cancer.");
        assertEquals("bcc", f.conditionCode());
        assertEquals(List.of(), f.differential());
        assertEquals("", diagnosis(en, "A non-melanoma skin cancer.").conditionCode());
        assertEquals("", diagnosis(zh, "非黑色素瘤皮肤癌").conditionCode());
        assertEquals("bcc", diagnosis(zh, "基底细胞癌是最常见的非黑色素瘤皮肤癌。").conditionCode());
    }

    @Test
    void theDiagnosisSentenceWinsOverEarlierMentions() {
        Findings f = en.findings(List.of(
                "Unlike a melanoma, the border is regular. This could be a skin disease image of melanocytic nevus.",
                "Other possibilities include seborrheic keratosis; melanoma must be excluded. Nevus again.",
                "Causes mentioning psoriasis are ignored.", "Treatment naming eczema is ignored."));
        assertEquals("nevus", f.conditionCode());
        assertEquals("melanocytic nevus", f.diagnosis());
        assertEquals(List.of("melanoma", "seborrheic keratosis"), f.differential());
        assertFalse(f.urgentReferral());
        assertEquals("", f.referral());

        f = zh.findings(List.of("与色素痣不同，这可能是黑色素瘤的皮肤病图像。", "需与脂溢性角化病鉴别。", "", ""));
        assertEquals("melanoma", f.conditionCode());
        assertEquals("黑色素瘤", f.diagnosis());
        assertEquals(List.of("色素痣", "脂溢性角化病"), f.differential());
        assertTrue(f.urgentReferral());
        assertEquals("由于这可能是皮肤癌，请尽快到皮肤科就诊，必要时进行活检。", f.referral());
    }

    @Test
    void withoutADiagnosisSentenceTheFirstConditionNamedInAnswerOneIsTheDiagnosis() {
        Findings f = en.findings(List.of("The plaques look like psoriasis rather than eczema.", "Tinea is possible.",
                "", ""));
        assertEquals("psoriasis", f.conditionCode());
        assertEquals(List.of("eczema", "tinea corporis"), f.differential());

        // a diagnosis sentence naming nothing known falls back to the rest of the answer
        f = en.findings(List.of("Hives. This could be a skin disease image of something rare.", "", "", ""));
        assertEquals("urticaria", f.conditionCode());

        // answer 2 alone gives no diagnosis, only differential
        f = en.findings(List.of("A red patch.", "Could be ringworm or eczema.", "", ""));
        assertEquals("", f.diagnosis());
        assertEquals("", f.conditionCode());
        assertEquals(List.of("tinea corporis", "eczema"), f.differential());
    }

    @Test
    void urgentReferralExactlyForTheMalignantConditions() {
        for (Condition c : Condition.values()) {
            Findings f = diagnosis(en, "This could be a skin disease image of " + c.english() + ".");
            boolean malignant = c.id().equals("melanoma") || c.id().equals("bcc");
            assertEquals(malignant, f.urgentReferral(), c.id());
            assertEquals(malignant, !f.referral().isEmpty(), c.id());
            assertFalse(f.disclaimer().isEmpty());
        }
    }

    @Test
    void findingsNeedExactlyFourAnswers() {
        assertThrows(IllegalArgumentException.class, () -> en.findings(List.of("a", "b", "c")));
        assertThrows(IllegalArgumentException.class, () -> en.findings(List.of("a", "b", "c", "d", "e")));
        assertThrows(IllegalArgumentException.class, () -> en.findings(null));
        List<String> withNull = new ArrayList<>(List.of("", "", "", ""));
        withNull.set(1, null);
        Findings f = en.findings(withNull);
        assertEquals("", f.diagnosis());
        assertFalse(f.urgentReferral());
        assertEquals("", f.referral());
        assertTrue(f.disclaimer().startsWith("This answer was generated automatically"));
    }

    // ------------------------------------------------------------------------------------ messages

    @Test
    void messagesAreFormattedWithTheirArguments() {
        assertEquals("Please enter a question of at most 2000 characters.", en.message("message.invalidQuestion", 2000));
        assertEquals("请输入不超过 2000 个字符的问题。", zh.message("message.invalidQuestion", 2000));
        assertEquals("The file is 12.3 MB, more than the limit of 10.0 MB. Upload a smaller file, for example by"
                + " exporting the photo as JPEG or at a lower resolution.", en.message("image.too-large", 12.34, 10));
        assertEquals("The image is 9000 \u00d7 300 pixels; neither side may exceed 8192 pixels. Reduce the size of the"
                + " photo and upload it again.", en.message("image.dimensions", 9000, 300, 8192));
        assertEquals("The assistant is busy; please try again in a moment.", en.message("message.busy"));
        assertEquals("Synthetic demo model \u2014 not for clinical use.", en.message("report.synthetic"));
        assertEquals("合成演示模型——不可用于临床。", zh.message("report.synthetic"));
        // arguments that do not fit the pattern: the text itself, not an exception
        assertEquals("Please enter a question of at most {0,number,#} characters.",
                en.message("message.invalidQuestion", "many"));
    }

    @Test
    void formattingFollowsTheLocale() throws Exception {
        Properties p = LocaleFiles.properties(LocaleFiles.EN);
        p.setProperty("locale", "de-CH");
        LocaleTemplates de = LocaleFileReader.read(LocaleFiles.stream(p), "1", null);
        Properties q = LocaleFiles.properties(LocaleFiles.EN);
        q.setProperty("locale", "de");
        LocaleTemplates deDe = LocaleFileReader.read(LocaleFiles.stream(q), "1", null);
        assertEquals("The file is 12’345.7 MB", de.message("image.too-large", 12345.67, 10).substring(0, 23));
        assertEquals("The file is 12.345,7 MB", deDe.message("image.too-large", 12345.67, 10).substring(0, 23));
        assertEquals("The file is 12,345.7 MB", en.message("image.too-large", 12345.67, 10).substring(0, 23));
    }

    @Test
    void aMissingKeyReturnsTheKey() {
        assertEquals("report.nonexistent", en.message("report.nonexistent"));
        assertEquals("report.nonexistent", zh.message("report.nonexistent", 1, 2));
        assertFalse(en.hasMessage("report.nonexistent"));
        assertFalse(en.hasMessage(null));
        assertEquals(null, en.message(null));
        assertTrue(en.hasMessage("report.title"));
        // the prompt texts are not messages
        assertFalse(en.hasMessage("system.prompt"));
        assertEquals("turn.first", en.message("turn.first"));
    }

    @Test
    void bothLocalesHaveTheSameMessageKeys() throws IOException {
        // Consistency phrases follow each language's wording (English writes the diameter after two different
        // anchors, Chinese after one), so only their groups and values must be the same.
        java.util.function.Function<Set<String>, Set<String>> comparable = keys -> keys.stream()
                .map(k -> k.startsWith("consistency.") ? k.replaceAll("\\.(phrase\\.[0-9]+|stated)$", "") : k)
                .collect(java.util.stream.Collectors.toSet());
        Set<String> enKeys = comparable.apply(LocaleFiles.properties(LocaleFiles.EN).stringPropertyNames());
        // One group is Chinese only: the skin-type sentence refused from its first character where the network is
        // unsure (a Chinese sentence has no second word to refuse; English refuses "surrounding" after "The").
        Set<String> zhKeys = comparable.apply(LocaleFiles.properties(LocaleFiles.ZH_CN).stringPropertyNames().stream()
                .filter(k -> !k.startsWith("consistency.skin_type_sentence.")).collect(java.util.stream.Collectors.toSet()));
        assertEquals(enKeys, zhKeys);
        for (String key : LocaleFileReader.EXPECTED_MESSAGES) {
            assertTrue(en.hasMessage(key), key);
            assertTrue(zh.hasMessage(key), key);
            assertNotEquals(key, zh.message(key, 1, 2, 3, 4));
        }
    }

    @Test
    void imageRefusalsUseTheIntakeBundlesWording() throws IOException {
        Path intake = Path.of("..", "intake", "src", "main", "resources", "org", "skingpt", "intake", "internal");
        if (!Files.isDirectory(intake)) {
            return; // built outside the reactor checkout
        }
        check(LocaleFiles.properties(intake.resolve("messages.properties")), LocaleFiles.properties(LocaleFiles.EN));
        check(LocaleFiles.properties(intake.resolve("messages_zh_CN.properties")),
                LocaleFiles.properties(LocaleFiles.ZH_CN));
    }

    private static void check(Properties intake, Properties locale) {
        for (String key : intake.stringPropertyNames()) {
            assertEquals(intake.getProperty(key), locale.getProperty(key), key);
        }
    }

    @Test
    void heldTemplatesAreImmutableData() {
        List<String> questions = en.standardQuestions();
        assertThrows(UnsupportedOperationException.class, () -> questions.add("x"));
        assertThrows(UnsupportedOperationException.class, () -> en.stopStrings().clear());
        assertThrows(UnsupportedOperationException.class, () -> diagnosis(en, "melanoma, nevus").differential().clear());
    }
}
