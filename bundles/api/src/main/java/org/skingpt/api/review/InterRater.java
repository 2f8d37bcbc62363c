package org.skingpt.api.review;

/**
 * Agreement between reviewers on one statement: Krippendorff's alpha with the ordinal metric over the items that
 * at least two reviewers rated (items rated once are not pairable and do not count).
 *
 * @param alpha  1 perfect agreement, 0 as by chance, below 0 systematic disagreement; NaN when it cannot be
 *               computed (fewer than two pairable ratings, or every rating the same value)
 * @param units  items with two or more ratings
 * @param values ratings in those items
 */
public record InterRater(double alpha, int units, int values) {

    /** True when there was something to compute alpha from. */
    public boolean defined() {
        return !Double.isNaN(alpha);
    }
}
