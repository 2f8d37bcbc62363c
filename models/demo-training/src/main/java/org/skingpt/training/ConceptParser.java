package org.skingpt.training;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.skingpt.synthetic.Concept;

/**
 * Reads the clinical concepts named in a concept-list answer ("... the following medical features:
 * a, b and c." / "...医学特征：a、b、c。"). Items are matched exactly against the concept labels, so
 * "regular border" is never read inside "irregular border"; items that are not labels are ignored
 * (and lower precision only by what they omit).
 */
final class ConceptParser {

    private ConceptParser() {
    }

    static Set<Concept> parse(String answer, Locale locale) {
        boolean zh = DemoSpec.isChinese(locale);
        Map<String, Concept> labels = new LinkedHashMap<>();
        for (Concept c : Concept.values()) {
            labels.put(c.label(zh ? DemoTrainer.ZH : DemoTrainer.EN).toLowerCase(Locale.ROOT), c);
        }
        String list = answer;
        int colon = zh ? Math.max(answer.indexOf('：'), answer.indexOf(':')) : answer.indexOf(':');
        if (colon >= 0) {
            list = answer.substring(colon + 1);
        }
        int end = zh ? list.indexOf('。') : list.indexOf(". ");
        if (end < 0 && !zh) {
            end = list.endsWith(".") ? list.length() - 1 : -1;
        }
        if (end >= 0) {
            list = list.substring(0, end);
        }
        EnumSet<Concept> found = EnumSet.noneOf(Concept.class);
        String[] items = zh ? list.split("、") : list.split(", | and ");
        for (int i = 0; i < items.length; i++) {
            // A label containing a separator (" and ") is rejoined with the next item.
            String item = items[i].trim().toLowerCase(Locale.ROOT);
            if (!labels.containsKey(item) && i + 1 < items.length
                    && labels.containsKey(item + " and " + items[i + 1].trim().toLowerCase(Locale.ROOT))) {
                item = item + " and " + items[++i].trim().toLowerCase(Locale.ROOT);
            }
            Concept c = labels.get(item);
            if (c != null) {
                found.add(c);
            }
        }
        return found;
    }
}
