package org.skingpt.console.internal.ui;

import java.util.Locale;
import org.skingpt.api.review.InterRater;
import org.skingpt.api.review.Proportion;

/** How the results page writes its numbers (one decimal for percentages, two for alpha, a dash when undefined). */
final class ReviewNumbers {

    static final String DASH = "\u2014";

    private ReviewNumbers() {
    }

    static String percent(double p) {
        return Double.isNaN(p) ? DASH : String.format(Locale.ROOT, "%.1f%%", p);
    }

    /** The paper's numbers as it printed them, with two decimals. */
    static String published(double p) {
        return String.format(Locale.ROOT, "%.2f%%", p);
    }

    /** The Wilson interval as {@code 30.1–95.4%}. */
    static String interval(Proportion p) {
        return p.n() == 0 ? DASH : String.format(Locale.ROOT, "%.1f\u2013%.1f%%", p.low(), p.high());
    }

    static String alpha(InterRater r) {
        return r.defined() ? String.format(Locale.ROOT, "%.2f", r.alpha()) : DASH;
    }
}
