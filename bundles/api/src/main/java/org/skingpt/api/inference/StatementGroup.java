package org.skingpt.api.inference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something an answer can describe, with the values it can state and the phrases that state each one:
 * the border ({@code regular}, {@code irregular}), the lesion count ({@code single}, {@code multiple}).
 * Values of one group exclude each other unless an earlier answer stated several of them.
 *
 * <p>A <em>closed</em> group's anchors are always followed by one of its values (the condition after
 * "consistent with "): once a value is established, nothing but an established value may follow them,
 * so a model kept from naming another condition cannot name it in other words either (another
 * language, a synonym) and has to state the established one.
 *
 * @param name    the group's name, as the locale file writes it
 * @param phrases the phrases that state each value, by value name (iteration order kept)
 * @param closed  whether only an established value may follow the group's anchors
 */
public record StatementGroup(String name, Map<String, List<StatementPhrase>> phrases, boolean closed) {

    /** An open group: its phrases are refused, anything else after their anchors is free. */
    public StatementGroup(String name, Map<String, List<StatementPhrase>> phrases) {
        this(name, phrases, false);
    }

    public StatementGroup {
        Objects.requireNonNull(name, "name");
        Map<String, List<StatementPhrase>> copy = new LinkedHashMap<>();
        phrases.forEach((value, list) -> copy.put(Objects.requireNonNull(value, "value"), List.copyOf(list)));
        phrases = java.util.Collections.unmodifiableMap(copy);
    }
}
