package org.skingpt.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The README section of the model's own answers: placed once, replaced on every run, nothing else touched. */
class SampleAnswersReadmeTest {

    private static SampleAnswers.Row row(String sample, String locale, String first) {
        return new SampleAnswers.Row(sample, locale, "melanoma", "melanoma", "d", List.of(first, "second " + first, "3", "4"),
                List.of(new org.skingpt.api.inference.ImageFinding("condition", "melanoma", 0.934),
                        new org.skingpt.api.inference.ImageFinding("fitzpatrick", "2", 0.61)));
    }

    @Test
    void theSectionIsInsertedBeforeTheReferenceAnswersAndReplacedLater() {
        String readme = "# Samples\n\ntable\n\n## Step-2 reference answers\n\nreference\n";
        String once = SampleAnswers.withAnswers(readme, List.of(row("melanoma_1.png", "en", "old answer"),
                row("acne_1.png", "en", "not shown")));
        assertTrue(once.startsWith("# Samples\n\ntable\n\n" + SampleAnswers.ANSWERS_START), once);
        assertTrue(once.contains("> **1.** old answer\n>\n> **2.** second old answer\n"), once);
        assertTrue(once.contains("**melanoma_1.png**, en (painted: melanoma; the encoder's heads read: condition melanoma (93.4%),"
                + " fitzpatrick 2 (61.0%))"), once);
        assertTrue(once.contains("not for clinical use"), once);
        assertTrue(!once.contains("not shown"), once);
        assertTrue(once.endsWith("## Step-2 reference answers\n\nreference\n"), once);
        String twice = SampleAnswers.withAnswers(once, List.of(row("melanoma_1.png", "en", "new answer")));
        assertTrue(twice.contains("> **1.** new answer"), twice);
        assertTrue(!twice.contains("old answer"), twice);
        assertEquals(1, twice.split(SampleAnswers.ANSWERS_START, -1).length - 1);
        assertEquals(readme.length(), twice.length() - (twice.indexOf("## Step-2") - twice.indexOf(SampleAnswers.ANSWERS_START)));
    }
}
