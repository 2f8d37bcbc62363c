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
 * @param name    the group's name, as the locale file writes it
 * @param phrases the phrases that state each value, by value name (iteration order kept)
 */
public record StatementGroup(String name, Map<String, List<StatementPhrase>> phrases) {

    public StatementGroup {
        Objects.requireNonNull(name, "name");
        Map<String, List<StatementPhrase>> copy = new LinkedHashMap<>();
        phrases.forEach((value, list) -> copy.put(Objects.requireNonNull(value, "value"), List.copyOf(list)));
        phrases = java.util.Collections.unmodifiableMap(copy);
    }
}
