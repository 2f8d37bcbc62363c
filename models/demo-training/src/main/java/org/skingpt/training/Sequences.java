package org.skingpt.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.skingpt.language.internal.LlamaTokenizer;
import org.skingpt.synthetic.DialogueWriter;
import org.skingpt.synthetic.Sample;

/**
 * Token sequences for training, tokenized part by part exactly as a conversation is at inference
 * (see {@link DemoSpec}): {@code <s>}, text before the image, the image's slots, then for each turn
 * the question part (no loss) and the answer with {@code </s>} (loss).
 */
public final class Sequences {

    public static final int BOS = 1;
    public static final int EOS = 2;
    public static final int PAD = 0;

    /**
     * A sequence.
     *
     * @param ids        token ids; image slots hold {@link #PAD}
     * @param loss       true where the token is a training target (predicted from the position before)
     * @param imageStart first image slot, or -1 for text only
     */
    public record Seq(int[] ids, boolean[] loss, int imageStart) {
        public int length() {
            return ids.length;
        }
    }

    private final LlamaTokenizer tokenizer;
    private final int imageTokens;

    public Sequences(LlamaTokenizer tokenizer, int imageTokens) {
        this.tokenizer = tokenizer;
        this.imageTokens = imageTokens;
    }

    /** A text document for language-model pretraining: every token after {@code <s>} is a target. */
    public Seq document(String text) {
        Builder b = new Builder();
        b.add(BOS, false);
        b.text(text, true);
        b.add(EOS, true);
        return b.build(-1);
    }

    /** A dialogue about one image: the turns' questions and answers, every answer a target. */
    public Seq imageDialogue(Locale locale, List<DialogueWriter.Turn> turns) {
        return dialogue(locale, turns, imageTokens, 0);
    }

    /**
     * A conversation tokenized as at inference.
     *
     * @param slots      image slots after the first {@code <Img>} (0: a text-only conversation)
     * @param firstTarget the first turn whose answer is a target (earlier answers are context only)
     */
    private Seq dialogue(Locale locale, List<DialogueWriter.Turn> turns, int slots, int firstTarget) {
        Builder b = new Builder();
        b.add(BOS, false);
        b.text(DemoSpec.beforeImage(locale), false);
        int imageStart = slots == 0 ? -1 : b.size();
        for (int i = 0; i < slots; i++) {
            b.add(PAD, false);
        }
        for (int i = 0; i < turns.size(); i++) {
            DialogueWriter.Turn t = turns.get(i);
            b.text(i == 0 ? DemoSpec.afterImage(t.question()) : DemoSpec.followUp(t.question()), false);
            b.text(t.answer(), i >= firstTarget);
            b.add(EOS, i >= firstTarget);
        }
        return b.build(imageStart);
    }

    /**
     * The consultation's four-question dialogue about one sample, as the consultation service asks it: the
     * paper's first question answered as in step 2 (concepts and diagnosis), then additional features,
     * causes and treatment with their reference answers.
     */
    public static List<DialogueWriter.Turn> consultation(Sample s, DialogueWriter w) {
        return consultation(s, w, DialogueWriter.Visible.ALL);
    }

    /** {@link #consultation(Sample, DialogueWriter)} with answer 2 stating only what {@code visible} says. */
    public static List<DialogueWriter.Turn> consultation(Sample s, DialogueWriter w, DialogueWriter.Visible visible) {
        List<String> q = DialogueWriter.evaluationQuestions(w.locale());
        List<DialogueWriter.Turn> reference = w.evaluationDialogue(s);
        return List.of(new DialogueWriter.Turn(q.get(0), w.step2Answer(s)),
                new DialogueWriter.Turn(q.get(1), w.additionalFeatures(s, visible)), reference.get(2), reference.get(3));
    }

    /** The four-question dialogue with the image: every answer a target (step 2). */
    public Seq consultationDialogue(Sample s, DialogueWriter w) {
        return consultationDialogue(s, w, DialogueWriter.Visible.ALL);
    }

    /** The four-question dialogue with the image, answer 2 stating only what {@code visible} says (step 2). */
    public Seq consultationDialogue(Sample s, DialogueWriter w, DialogueWriter.Visible visible) {
        return imageDialogue(w.locale(), consultation(s, w, visible));
    }

    /**
     * The four-question dialogue without the image (step 0, text only): the first answer is context, the
     * answers to questions 2 to 4 are targets. This is where the decoder learns the causes and treatment
     * texts of each condition, and that they follow the condition its first answer named.
     */
    public Seq textConsultation(Sample s, DialogueWriter w) {
        return dialogue(w.locale(), consultation(s, w), 0, 1);
    }

    /** The step-1 sample: concepts only. */
    public Seq step1(Sample s, DialogueWriter w) {
        return imageDialogue(w.locale(), List.of(new DialogueWriter.Turn(w.step1Question(s), w.step1Answer(s))));
    }

    /** The step-2 single-turn sample: concepts and diagnosis. */
    public Seq step2(Sample s, DialogueWriter w) {
        return imageDialogue(w.locale(), List.of(new DialogueWriter.Turn(w.step2Question(s), w.step2Answer(s))));
    }

    private final class Builder {
        private final List<Integer> ids = new ArrayList<>();
        private final List<Boolean> loss = new ArrayList<>();

        void add(int id, boolean target) {
            ids.add(id);
            loss.add(target);
        }

        void text(String text, boolean target) {
            for (long id : tokenizer.encode(text)) {
                add((int) id, target);
            }
        }

        int size() {
            return ids.size();
        }

        Seq build(int imageStart) {
            int[] a = new int[ids.size()];
            boolean[] l = new boolean[ids.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = ids.get(i);
                l[i] = loss.get(i);
            }
            return new Seq(a, l, imageStart);
        }
    }
}
