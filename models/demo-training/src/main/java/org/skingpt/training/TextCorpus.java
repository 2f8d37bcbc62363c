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
 * the condition texts and the conversation template.
 */
final class TextCorpus {

    private final List<String> documents;
    private final List<String> allTexts;

    private TextCorpus(List<String> documents, List<String> allTexts) {
        this.documents = documents;
        this.allTexts = allTexts;
    }

    static TextCorpus generate(long seed, int samples) {
        SyntheticGenerator g = new SyntheticGenerator(seed, 32);
        List<String> docs = new ArrayList<>();
        Set<String> extra = new LinkedHashSet<>();
        for (DialogueWriter w : List.of(new DialogueWriter(DemoTrainer.EN), new DialogueWriter(DemoTrainer.ZH))) {
            for (int i = 0; i < samples; i++) {
                Sample s = g.generate(i);
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
        return new TextCorpus(List.copyOf(docs), List.copyOf(all));
    }

    /** Documents for language-model pretraining. */
    List<String> documents() {
        return documents;
    }

    /** Everything the tokenizer is trained on. */
    List<String> allTexts() {
        return allTexts;
    }
}
