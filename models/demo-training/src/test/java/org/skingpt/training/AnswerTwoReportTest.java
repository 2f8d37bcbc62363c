package org.skingpt.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.skingpt.synthetic.DialogueWriter;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;

/** What the evaluation counts as an answer 2 unfit to show, on answers the demo models really gave. */
class AnswerTwoReportTest {

    @Test
    void answersAsTheModelWritesThemAreWellFormed() {
        assertNull(AnswerTwoReport.flaw("Several lesions are visible; the largest measures about 13.5 mm across (medium,"
                + " 6 to 20 mm). There is scale on the surface. The surrounding skin corresponds to Fitzpatrick skin type"
                + " VI. These features are consistent with psoriasis.", DemoTrainer.EN));
        assertNull(AnswerTwoReport.flaw("图像中可见多处皮损，最大者直径约2.7毫米（较小，小于6毫米）。可见隆起的小丘疹。"
                + "周围皮肤相当于Fitzpatrick VI型肤色。这些特征符合痤疮。", DemoTrainer.ZH));
    }

    @Test
    void everyTrainingTextOfAnswerTwoIsWellFormed() {
        SyntheticGenerator g = new SyntheticGenerator(DemoSpec.EVAL_SEED, 32);
        for (int i = 0; i < 660; i++) {
            Sample s = g.generate(i);
            for (Locale l : java.util.List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
                String text = new DialogueWriter(l).additionalFeatures(s);
                assertNull(AnswerTwoReport.flaw(text, l), i + " " + l + ": " + text);
            }
        }
    }

    @Test
    void aLoopIsFoundAlsoWhereTheSecondSentenceIsNotAnExactCopy() {
        assertEquals("a phrase repeated", AnswerTwoReport.flaw("There are areas of brown hyperpigmentation. The border"
                + " is irregular. There are areas of brown hyperpigmentation, with black dots.", DemoTrainer.EN));
        assertEquals("a phrase repeated", AnswerTwoReport.flaw("皮损呈环状排列。中央比活动性隆起的边缘更清亮。皮损边缘更清亮。"
                + "中央比活动性隆起的边缘。", DemoTrainer.ZH));
    }

    @Test
    void otherLanguageLoopsAndCutOffAnswersAreNot() {
        // The shipped model's Chinese answer 2 on held-out image 292, kept from naming acne in Chinese (stop 34).
        assertEquals("English in a Chinese answer", AnswerTwoReport.flaw("受累皮肤发红（红斑）。这些特征符合 acne. It It It"
                + " types (for example cet。", DemoTrainer.ZH));
        assertEquals("Chinese in an English answer", AnswerTwoReport.flaw("The border is smooth. 这些特征符合痤疮。",
                DemoTrainer.EN));
        // A retrained model's answer 2 (attempt 4 of issue 23).
        assertEquals("a sentence repeated", AnswerTwoReport.flaw("图像中为单个皮损。皮损呈环状排列。中央比活动性隆起的边缘更清亮。"
                + "皮损呈环状排列。中央比活动性隆起的边缘更清亮。", DemoTrainer.ZH));
        assertEquals("a sentence repeated", AnswerTwoReport.flaw("There is scale on the surface. The border is smooth."
                + " There is scale on the surface.", DemoTrainer.EN));
        assertEquals("cut off", AnswerTwoReport.flaw("There is scale on the surface. The border is", DemoTrainer.EN));
        assertEquals("empty", AnswerTwoReport.flaw(" ", DemoTrainer.EN));
    }
}
