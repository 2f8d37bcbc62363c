package org.skingpt.api.review;

/**
 * The paper's five-point answer to a statement. {@link #score()} is the ordinal value used for statistics: 5 for
 * strongly agree down to 1 for strongly disagree.
 */
public enum Agreement {
    STRONGLY_AGREE(5),
    AGREE(4),
    NEUTRAL(3),
    DISAGREE(2),
    STRONGLY_DISAGREE(1);

    private final int score;

    Agreement(int score) {
        this.score = score;
    }

    /** 5 (strongly agree) to 1 (strongly disagree). */
    public int score() {
        return score;
    }

    /** Agree or strongly agree: what the paper counts as agreement. */
    public boolean agrees() {
        return score >= 4;
    }

    /**
     * The answer with this score.
     *
     * @throws IllegalArgumentException outside 1 to 5
     */
    public static Agreement ofScore(int score) {
        for (Agreement a : values()) {
            if (a.score == score) {
                return a;
            }
        }
        throw new IllegalArgumentException("an agreement score is 1 (strongly disagree) to 5 (strongly agree), got "
                + score);
    }
}
