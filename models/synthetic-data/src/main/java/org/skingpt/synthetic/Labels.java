package org.skingpt.synthetic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the {@code labels.jsonl} record of a sample. */
public final class Labels {
    private Labels() {
    }

    /**
     * The label record of one sample as an ordered map: file, index, seed, condition (id, English and Chinese
     * name, malignant), fitzpatrick, concepts (ids), metadata and, per locale, the step-1/step-2 prompts and
     * answers and the four evaluation question/answer pairs.
     */
    public static Map<String, Object> record(Sample s, String file, List<Locale> locales) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("index", s.index());
        m.put("seed", s.seed());
        m.put("condition", s.condition().id());
        m.put("condition_en", s.condition().english());
        m.put("condition_zh", s.condition().chinese());
        m.put("malignant", s.condition().malignant());
        m.put("fitzpatrick", s.fitzpatrick());
        m.put("concepts", s.conceptIds());
        m.put("metadata", s.metadata());
        Map<String, Object> texts = new LinkedHashMap<>();
        for (Locale l : locales) {
            DialogueWriter w = new DialogueWriter(l);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("step1_question", w.step1Question(s));
            t.put("step1", w.step1Answer(s));
            t.put("step2_question", w.step2Question(s));
            t.put("step2", w.step2Answer(s));
            List<Object> qa = new ArrayList<>();
            for (DialogueWriter.Turn turn : w.evaluationDialogue(s)) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("q", turn.question());
                p.put("a", turn.answer());
                qa.add(p);
            }
            t.put("qa", qa);
            texts.put(w.locale().toLanguageTag(), t);
        }
        m.put("texts", texts);
        return m;
    }

    /** The record as one line of JSON. */
    public static String jsonLine(Sample s, String file, List<Locale> locales) {
        return Json.write(record(s, file, locales));
    }
}
