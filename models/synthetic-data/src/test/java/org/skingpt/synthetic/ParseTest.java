package org.skingpt.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParseTest {
    private static final Locale EN = Locale.ENGLISH;
    private static final Locale ZH = Locale.forLanguageTag("zh-CN");

    @Test
    void everyGeneratedAnswerParsesBackToItsCondition() {
        for (Locale l : List.of(EN, ZH)) {
            DialogueWriter w = new DialogueWriter(l);
            for (Sample s : TestSupport.set(TestSupport.SMALL)) {
                Optional<Condition> want = Optional.of(s.condition());
                assertEquals(want, Condition.parseFrom(w.step2Answer(s), l), w.step2Answer(s));
                for (DialogueWriter.Turn t : w.evaluationDialogue(s)) {
                    assertEquals(want, Condition.parseFrom(t.answer(), l), t.answer());
                }
                // a reader that does not know the language must agree
                assertEquals(want, Condition.parseFrom(w.step2Answer(s), null));
            }
        }
    }

    @Test
    void step1AnswersNameNoCondition() {
        for (Locale l : List.of(EN, ZH)) {
            DialogueWriter w = new DialogueWriter(l);
            for (Sample s : TestSupport.set(TestSupport.SMALL)) {
                assertEquals(Optional.empty(), Condition.parseFrom(w.step1Answer(s), l), w.step1Answer(s));
            }
        }
    }

    @Test
    void canonicalNamesAndSynonymsParse() {
        for (Condition c : Condition.values()) {
            assertEquals(Optional.of(c), Condition.parseFrom("This could be a skin disease image of " + c.english()
                    + ".", EN));
            assertEquals(Optional.of(c), Condition.parseFrom("这可能是" + c.chinese() + "的皮肤病图像。", ZH));
            assertEquals(Optional.of(c), Condition.parseFrom(c.english().toUpperCase(Locale.ROOT), EN));
            for (String n : c.englishNames()) {
                assertEquals(Optional.of(c), Condition.parseFrom("I think it is " + n + ".", EN), n);
            }
            for (String n : c.chineseNames()) {
                assertEquals(Optional.of(c), Condition.parseFrom("我认为是" + n + "。", ZH), n);
            }
        }
        assertEquals(Optional.of(Condition.BASAL_CELL_CARCINOMA), Condition.parseFrom("Basal-cell  carcinoma", EN));
        assertEquals(Optional.of(Condition.TINEA_CORPORIS), Condition.parseFrom("这可能是体癣（tinea corporis）。", ZH));
    }

    @Test
    void noneOrSeveralConditionsGiveEmpty() {
        assertEquals(Optional.empty(), Condition.parseFrom("The skin looks normal.", EN));
        assertEquals(Optional.empty(), Condition.parseFrom("", EN));
        assertEquals(Optional.empty(), Condition.parseFrom(null, EN));
        assertEquals(Optional.empty(), Condition.parseFrom("皮肤看起来正常。", ZH));
        assertEquals(Optional.empty(), Condition.parseFrom("It is either psoriasis or eczema.", EN));
        assertEquals(Optional.empty(),
                Condition.parseFrom("This could be a skin disease image of melanoma or a melanocytic nevus.", EN));
        assertEquals(Optional.empty(), Condition.parseFrom("这可能是银屑病或湿疹的皮肤病图像。", ZH));
        // words that merely contain a name are not names
        assertEquals(Optional.empty(), Condition.parseFrom("an acneiform eruption on a keratosis", EN));
        assertEquals(Optional.empty(), Condition.parseFrom("molecule", EN));
        // English reading ignores Chinese names
        assertEquals(Optional.empty(), Condition.parseFrom("这可能是银屑病的皮肤病图像。", EN));
    }

    @Test
    void theDiagnosisSentenceWinsOverMentionsElsewhere() {
        String text = "Eczema was considered. This could be a skin disease image of psoriasis. Unlike eczema, "
                + "the border is sharp.";
        assertEquals(Optional.of(Condition.PSORIASIS), Condition.parseFrom(text, EN));
        String zh = "曾考虑湿疹。这可能是银屑病的皮肤病图像。";
        assertEquals(Optional.of(Condition.PSORIASIS), Condition.parseFrom(zh, ZH));
        assertTrue(Condition.parseFrom("Seborrheic keratosis and actinic keratosis", EN).isEmpty());
    }
}
