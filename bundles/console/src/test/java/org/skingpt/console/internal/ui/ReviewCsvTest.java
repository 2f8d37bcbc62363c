package org.skingpt.console.internal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.skingpt.api.review.Agreement;
import org.skingpt.api.review.InterRater;
import org.skingpt.api.review.Proportion;
import org.skingpt.api.review.Review;
import org.skingpt.api.review.Statement;

class ReviewCsvTest {

    @Test
    void oneRowPerReviewWithTheSevenScoresAndFormulasDefused() throws Exception {
        Map<Statement, Agreement> ratings = new EnumMap<>(Statement.class);
        for (Statement s : Statement.values()) {
            ratings.put(s, Agreement.values()[s.ordinal() % 5]);
        }
        Review r = new Review("study-1", "c-1", "rev-a", "=HYPERLINK(\"x\")", "", ratings, "fine, thanks",
                Instant.parse("2026-12-04T10:00:00Z"));
        StringWriter out = new StringWriter();
        ReviewCsv.write(out, List.of(r), Map.of("c-1", "llama@2"));
        assertEquals("study_id,consultation_id,model_version,reviewer,submitted_at,reviewer_diagnosis,"
                + "reviewer_condition_code,diagnosisCorrect,descriptionInformative,suggestionsUseful,helpsDoctors,"
                + "helpsPatients,protectsPrivacy,willingToUse,comment\r\n"
                + "study-1,c-1,llama@2,rev-a,2026-12-04T10:00:00Z,\"'=HYPERLINK(\"\"x\"\")\",,5,4,3,2,1,5,4,"
                + "\"fine, thanks\"\r\n", out.toString());
    }

    @Test
    void numbersAsThePageShowsThem() {
        assertEquals("75.0%", ReviewNumbers.percent(75));
        assertEquals("\u2014", ReviewNumbers.percent(Double.NaN));
        assertEquals("30.1\u201395.4%", ReviewNumbers.interval(new Proportion(3, 4, 75, 30.06, 95.44)));
        assertEquals("\u2014", ReviewNumbers.interval(new Proportion(0, 0, Double.NaN, Double.NaN, Double.NaN)));
        assertEquals("0.25", ReviewNumbers.alpha(new InterRater(0.25, 2, 4)));
        assertEquals("\u2014", ReviewNumbers.alpha(new InterRater(Double.NaN, 0, 0)));
        assertEquals("80.63%", ReviewNumbers.published(80.63));
        assertEquals("82.50%", ReviewNumbers.published(82.5));
    }

    @Test
    void aTypedDiagnosisIsRecognisedByTheConditionsNamesAndSynonyms() {
        Map<String, String> names = Map.of("psoriasis", "psoriasis|plaque psoriasis|psoriasis vulgaris",
                "nevus", "melanocytic nevus|mole");
        List<String> codes = List.of("nevus", "psoriasis");
        assertEquals("psoriasis", ReviewFormView.codeFor("  Plaque   Psoriasis ", codes, names::get));
        assertEquals("nevus", ReviewFormView.codeFor("MOLE", codes, names::get));
        assertEquals("", ReviewFormView.codeFor("psoriasis-like rash", codes, names::get), "only whole names");
        assertEquals("", ReviewFormView.codeFor(" ", codes, names::get));
    }

    @Test
    void typedConsultationIdsAreSplitOnCommasSemicolonsAndSpaces() {
        assertEquals(List.of("c-1", "c-2", "c-3"), ReviewStudiesView.ids(" c-1, c-2;c-3 \n"));
        assertEquals(List.of(), ReviewStudiesView.ids("  "));
    }
}
