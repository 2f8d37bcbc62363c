package org.skingpt.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skingpt.language.internal.LlamaTokenizer;
import org.skingpt.synthetic.DialogueWriter;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;

/**
 * The four-question training dialogues are tokenized as a consultation is at inference, and put their
 * targets on the answers a consultation expects.
 */
class SequencesTest {

    static LlamaTokenizer tokenizer;
    static Sequences sequences;

    @BeforeAll
    static void start() throws Exception {
        Runtimes.configure(1);
        // The shipped demo model's tokenizer: lengths are those the consultation meets.
        tokenizer = LlamaTokenizer.load(Path.of("../demo/decoder/tokenizer.json"));
        sequences = new Sequences(tokenizer, 16);
    }

    @AfterAll
    static void stop() {
        tokenizer.close();
    }

    /** The decoded text of the target tokens, answer by answer (a target {@code </s>} ends an answer). */
    private static List<String> targets(Sequences.Seq s) {
        List<String> answers = new java.util.ArrayList<>();
        List<Long> current = new java.util.ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            if (!s.loss()[i]) {
                continue;
            }
            if (s.ids()[i] == Sequences.EOS) {
                answers.add(tokenizer.decode(current.stream().mapToLong(Long::longValue).toArray()).strip());
                current.clear();
            } else {
                current.add((long) s.ids()[i]);
            }
        }
        assertTrue(current.isEmpty(), "every target answer ends with </s>");
        return answers;
    }

    @Test
    void imageDialogueTrainsAllFourAnswersOfAConsultation() {
        for (Locale l : List.of(DemoTrainer.EN, DemoTrainer.ZH)) {
            DialogueWriter w = new DialogueWriter(l);
            Sample s = new SyntheticGenerator(DemoSpec.TRAIN_SEED, 32).generate(3);
            Sequences.Seq seq = sequences.consultationDialogue(s, w);
            assertTrue(seq.imageStart() > 0);
            for (int i = seq.imageStart(); i < seq.imageStart() + 16; i++) {
                assertEquals(Sequences.PAD, seq.ids()[i], "image slot " + i);
                assertFalse(seq.loss()[i]);
            }
            assertEquals(List.of(w.step2Answer(s).strip(), w.additionalFeatures(s).strip(),
                    w.causes(s.condition()).strip(), w.treatment(s.condition()).strip()), targets(seq));
            assertTrue(seq.length() < 1024, "fits the decoder's context: " + seq.length());
        }
    }

    @Test
    void textOnlyDialogueHasNoImageAndLearnsOnlyQuestionsTwoToFour() {
        DialogueWriter w = new DialogueWriter(DemoTrainer.EN);
        Sample s = new SyntheticGenerator(DemoSpec.TEXT_SEED, 32).generate(5);
        Sequences.Seq seq = sequences.textConsultation(s, w);
        assertEquals(-1, seq.imageStart());
        for (int id : seq.ids()) {
            assertTrue(id != Sequences.PAD, "no image slots");
        }
        // The first answer (concepts and diagnosis) is context: without the image it cannot be known.
        assertEquals(List.of(w.additionalFeatures(s).strip(), w.causes(s.condition()).strip(),
                w.treatment(s.condition()).strip()), targets(seq));
        String all = tokenizer.decode(java.util.Arrays.stream(seq.ids()).asLongStream().toArray());
        assertTrue(all.contains(w.diagnosisSentence(s.condition())), all);
    }
}
