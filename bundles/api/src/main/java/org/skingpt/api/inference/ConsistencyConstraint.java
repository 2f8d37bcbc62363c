package org.skingpt.api.inference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps an answer from contradicting what the conversation has already stated: for every group with
 * established values, the decoder does not let the answer start a phrase that states another value of
 * that group (or one of those values, when several were stated). Groups absent from {@code established}
 * are free; a group present with no values may not be stated at all (a group the locale lets an answer
 * state only as the conversation or the image established it, when nothing did). The locale bundle states the groups and phrases; the consultation establishes values from the
 * earlier answers.
 *
 * <p>This is a decoding constraint, not an edit: every token still comes from the model, chosen among
 * the tokens that do not start a contradicting phrase.
 *
 * @param groups      the groups and their phrases
 * @param established the values stated so far, by group name; groups absent are free, groups with no
 *                    values are refused
 */
public record ConsistencyConstraint(List<StatementGroup> groups, Map<String, Set<String>> established) {

    /** No constraint. */
    public static final ConsistencyConstraint NONE = new ConsistencyConstraint(List.of(), Map.of());

    public ConsistencyConstraint {
        groups = List.copyOf(groups);
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        established.forEach((g, values) -> copy.put(Objects.requireNonNull(g, "group"), Set.copyOf(values)));
        established = Collections.unmodifiableMap(copy);
    }

    /**
     * Whether there is nothing to keep to and nothing was established. (A constraint read back from a record
     * has the established values without the groups: it says what an answer was kept to.)
     */
    public boolean isEmpty() {
        return groups.isEmpty() && established.isEmpty();
    }
}
