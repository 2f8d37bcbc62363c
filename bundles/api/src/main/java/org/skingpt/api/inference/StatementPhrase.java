package org.skingpt.api.inference;

import java.util.Objects;

/**
 * How an answer states one value of something it describes: a literal {@code anchor} after which the
 * statement becomes specific, and the {@code continuation} that follows it, a regular expression
 * ({@link java.util.regex.Pattern} syntax). The anchor "The border is " with the continuation
 * "irregular" states an irregular border; "smooth" after the same anchor states a regular one.
 *
 * <p>The anchor marks where the statement is told apart from its alternatives, so a decoder that keeps
 * an answer from stating a value acts exactly there and nowhere else. An empty anchor means the start of
 * the answer.
 *
 * @param anchor       literal text before the statement, possibly empty
 * @param continuation regular expression of the statement's words after the anchor, not empty
 */
public record StatementPhrase(String anchor, String continuation) {

    public StatementPhrase {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(continuation, "continuation");
        if (continuation.isEmpty()) {
            throw new IllegalArgumentException("the continuation of a statement phrase must not be empty");
        }
    }
}
