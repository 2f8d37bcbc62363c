package org.skingpt.templates.internal;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A locale file that cannot be used, with every problem found in it, so that a translator can fix
 * them all in one go.
 */
public final class InvalidLocaleFileException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param key the key (or header) at fault
     * @param fix what is wrong and what to write instead
     */
    public record Problem(String key, String fix) {
        @Override
        public String toString() {
            return key + ": " + fix;
        }
    }

    private final transient List<Problem> problems;

    InvalidLocaleFileException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order of the keys' documentation. */
    public List<Problem> problems() {
        return problems;
    }
}
