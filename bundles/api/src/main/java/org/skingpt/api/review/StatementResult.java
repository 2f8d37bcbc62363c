package org.skingpt.api.review;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The results for one statement within one model version.
 *
 * @param statement    which
 * @param agree        agree + strongly agree among the answers, with its Wilson 95% interval ({@code n} is the
 *                     number of answers)
 * @param distribution how many answers of each kind, every {@link Agreement} present (0 when none)
 * @param interRater   agreement between reviewers (Krippendorff's alpha, ordinal)
 * @param published    the paper's percentage ({@link Statement#publishedAgreePercent()})
 */
public record StatementResult(Statement statement, Proportion agree, Map<Agreement, Integer> distribution,
        InterRater interRater, double published) {

    public StatementResult {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(agree, "agree");
        Objects.requireNonNull(interRater, "interRater");
        EnumMap<Agreement, Integer> all = new EnumMap<>(Agreement.class);
        for (Agreement a : Agreement.values()) {
            all.put(a, distribution == null ? 0 : distribution.getOrDefault(a, 0));
        }
        distribution = Collections.unmodifiableMap(all);
    }

    /** Number of answers. */
    public int n() {
        return agree.n();
    }
}
