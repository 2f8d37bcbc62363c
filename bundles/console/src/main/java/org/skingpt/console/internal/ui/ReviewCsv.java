package org.skingpt.console.internal.ui;

import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.skingpt.api.review.Review;
import org.skingpt.api.review.Statement;

/**
 * A study's raw ratings as CSV, one row per review (reviewer x item) with one column per statement: the paper's
 * seven statements side by side are what an analyst compares, and a review is the unit that was submitted. Scores
 * are 5 (strongly agree) to 1 (strongly disagree). Quoting and formula protection as {@link AuditCsv}.
 */
final class ReviewCsv {

    private ReviewCsv() {
    }

    static String header() {
        StringBuilder b = new StringBuilder("study_id,consultation_id,model_version,reviewer,submitted_at,"
                + "reviewer_diagnosis,reviewer_condition_code");
        for (Statement s : Statement.values()) {
            b.append(',').append(s.key());
        }
        return b.append(",comment").toString();
    }

    /**
     * @param modelVersions consultation id to the language model version of its study item
     */
    static void write(Writer out, Iterable<Review> reviews, Map<String, String> modelVersions) throws IOException {
        out.write(header());
        out.write("\r\n");
        for (Review r : reviews) {
            out.write(AuditCsv.field(r.studyId()));
            for (String f : new String[] {r.consultationId(), modelVersions.getOrDefault(r.consultationId(), ""),
                    r.reviewer(), r.submittedAt() == null ? "" : DateTimeFormatter.ISO_INSTANT.format(r.submittedAt()),
                    r.diagnosis(), r.conditionCode()}) {
                out.write(',');
                out.write(AuditCsv.field(f));
            }
            for (Statement s : Statement.values()) {
                out.write(',');
                out.write(r.rating(s) == null ? "" : Integer.toString(r.rating(s).score()));
            }
            out.write(',');
            out.write(AuditCsv.field(r.comment()));
            out.write("\r\n");
        }
    }
}
