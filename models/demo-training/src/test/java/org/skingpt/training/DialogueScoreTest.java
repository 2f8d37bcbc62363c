package org.skingpt.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.skingpt.synthetic.Condition;
import org.skingpt.synthetic.DialogueWriter;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;

/** How the evaluation scores a four-question conversation. */
class DialogueScoreTest {

    private final Sample sample = new SyntheticGenerator(DemoSpec.EVAL_SEED, 32).generate(0);
    private final DialogueWriter en = new DialogueWriter(DemoTrainer.EN);

    private Condition other() {
        return sample.condition() == Condition.PSORIASIS ? Condition.ECZEMA : Condition.PSORIASIS;
    }

    @Test
    void theReferenceConversationScoresFully() {
        List<String> answers = Sequences.consultation(sample, en).stream().map(DialogueWriter.Turn::answer).toList();
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 3, 1},
                DemoEvaluation.scoreDialogue(sample, DemoTrainer.EN, answers));
    }

    @Test
    void aNearlyRightTextIsTheRightTextButNotExact() {
        Condition truth = sample.condition();
        String causes = en.causes(truth);
        String truncated = causes.substring(0, causes.length() - 12);
        long[] c = DemoEvaluation.scoreDialogue(sample, DemoTrainer.EN,
                List.of(en.step2Answer(sample), "", truncated, en.treatment(truth)));
        assertEquals(0, c[2], "not exact");
        assertEquals(1, c[3], "nearest to the true condition's text");
        assertEquals(0, c[1], "an empty question-2 answer names nothing");
        assertEquals(2, c[8], "the empty answer is not in English");
    }

    @Test
    void anotherConditionsTextFollowsTheWrongFirstAnswerButIsNotRight() {
        Condition wrong = other();
        long[] c = DemoEvaluation.scoreDialogue(sample, DemoTrainer.EN,
                List.of(en.diagnosisSentence(wrong), "These features are consistent with " + wrong.english() + ".",
                        en.causes(wrong), en.treatment(wrong)));
        assertArrayEquals(new long[] {0, 0, 0, 0, 1, 0, 0, 1, 3, 1}, c);
    }

    @Test
    void chineseAnswersToEnglishQuestionsCountAsWrongLanguage() {
        DialogueWriter zh = new DialogueWriter(DemoTrainer.ZH);
        long[] c = DemoEvaluation.scoreDialogue(sample, DemoTrainer.EN, List.of(en.step2Answer(sample),
                zh.additionalFeatures(sample), zh.causes(sample.condition()), zh.treatment(sample.condition())));
        assertEquals(0, c[8]);
        assertEquals(0, c[3], "a Chinese text is not near the English one");
    }

    @Test
    void similarityOfTexts() {
        assertEquals(1.0, DemoEvaluation.bigramSimilarity("plaque with scale", "plaque with scale"), 1e-9);
        assertTrue(DemoEvaluation.bigramSimilarity("plaque with scale", "nodule") < 0.2);
    }

    @Test
    void samplingAloneGivesAWiderGapWithFewerImages() {
        double few = DemoEvaluation.samplingGap(0.9, 55, 6, -1);
        double many = DemoEvaluation.samplingGap(0.9, 440, 3, -1);
        assertTrue(few > many, few + " vs " + many);
        // A gap of zero or more always happens; an enormous one practically never.
        assertEquals(1.0, DemoEvaluation.samplingGap(0.9, 55, 6, 0), 1e-9);
        assertTrue(DemoEvaluation.samplingGap(0.9, 440, 3, 0.2) < 0.001);
    }
}
