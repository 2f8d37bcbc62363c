package org.skingpt.api.review;

/**
 * A share with its Wilson score 95% confidence interval, in percent.
 *
 * @param count   how many were counted (for example answers agree or strongly agree)
 * @param n       out of how many; 0 when there was nothing to count
 * @param percent {@code 100 * count / n}; NaN when n is 0
 * @param low     lower bound of the Wilson 95% interval in percent; NaN when n is 0
 * @param high    upper bound in percent; NaN when n is 0
 */
public record Proportion(int count, int n, double percent, double low, double high) {

    public Proportion {
        if (n < 0 || count < 0 || count > n) {
            throw new IllegalArgumentException("a proportion needs 0 <= count <= n, got " + count + "/" + n);
        }
    }
}
