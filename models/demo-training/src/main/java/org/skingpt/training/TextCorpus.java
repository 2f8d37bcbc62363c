package org.skingpt.training;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.skingpt.synthetic.Condition;
import org.skingpt.synthetic.DialogueWriter;
import org.skingpt.synthetic.Sample;
import org.skingpt.synthetic.SyntheticGenerator;

/**
 * The text corpus of step 0 and of the tokenizer: for samples of a text-only seed (tiny images, as
 * only their ground truth is used), every answer text in English and Chinese, plus the questions,
 * the condition texts and the conversation template; its samples also give step 0's text-only
 * four-question dialogues.
 */
final class TextCorpus {

    private final List<String> documents;
    private final List<String> allTexts;
    private final List<Sample> samples;

    private TextCorpus(List<String> documents, List<String> allTexts, List<Sample> samples) {
        this.documents = documents;
        this.allTexts = allTexts;
        this.samples = samples;
    }

    static TextCorpus generate(long seed, int samples) {
        SyntheticGenerator g = new SyntheticGenerator(seed, 32);
        List<String> docs = new ArrayList<>();
        Set<String> extra = new LinkedHashSet<>();
        List<Sample> samplesWithoutImages = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            Sample s = g.generate(i);
            samplesWithoutImages.add(new Sample(s.index(), s.seed(), s.condition(), s.fitzpatrick(), s.concepts(), null,
                    s.metadata()));
        }
        for (DialogueWriter w : List.of(new DialogueWriter(DemoTrainer.EN), new DialogueWriter(DemoTrainer.ZH))) {
            for (Sample s : samplesWithoutImages) {
                docs.add(w.step1Answer(s));
                docs.add(w.step2Answer(s));
                docs.add(w.describe(s));
                docs.add(w.additionalFeatures(s));
                extra.add(w.step1Question(s));
                extra.add(w.step2Question(s));
            }
            for (Condition c : Condition.values()) {
                docs.add(w.description(c));
                docs.add(w.causes(c));
                docs.add(w.treatment(c));
                docs.add(w.diagnosisSentence(c));
            }
            extra.addAll(DialogueWriter.evaluationQuestions(w.locale()));
            extra.add(DemoSpec.beforeImage(w.locale()));
        }
        extra.add(DemoSpec.afterImage("") + DemoSpec.followUp(""));
        List<String> all = new ArrayList<>(docs);
        all.addAll(extra);
        return new TextCorpus(List.copyOf(docs), List.copyOf(all), List.copyOf(samplesWithoutImages));
    }

    /** Documents for language-model pretraining. */
    List<String> documents() {
        return documents;
    }

    /** The samples the texts were written for (ground truth only), for text-only dialogues. */
    List<Sample> samples() {
        return samples;
    }

    /** Everything the tokenizer is trained on. */
    List<String> allTexts() {
        return allTexts;
    }
}
