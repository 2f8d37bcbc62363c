package org.skingpt.language.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.skingpt.api.inference.ConsistencyConstraint;
import org.skingpt.api.inference.StatementGroup;
import org.skingpt.api.inference.StatementPhrase;

/**
 * Decides whether a candidate token may follow the answer so far under a {@link ConsistencyConstraint}:
 * it may not, when with it the answer has begun a phrase that states a value of a group other than the
 * established ones, after the phrase's anchor. A beginning that could still become a phrase of an allowed
 * value (the same anchor) is let through: "1" after "about " may become "13 mm" (allowed) as well as "1.5
 * mm" (not), so only "1." is refused. Partial matches use {@link Matcher#hitEnd()}.
 *
 * <p>Only text near the end is searched: a statement cannot be longer than {@link #WINDOW} characters.
 */
final class PhraseGuard {

    /** Longest anchor plus statement, in characters. */
    static final int WINDOW = 200;

    private record Phrase(String group, String anchor, Pattern continuation, boolean allowed) {
    }

    private final List<Phrase> banned = new ArrayList<>();
    private final List<Phrase> allowed = new ArrayList<>();

    private PhraseGuard(ConsistencyConstraint constraint) {
        for (StatementGroup g : constraint.groups()) {
            Set<String> established = constraint.established().getOrDefault(g.name(), Set.of());
            if (established.isEmpty()) {
                continue; // nothing stated yet: the answer is free in this group
            }
            for (Map.Entry<String, List<StatementPhrase>> e : g.phrases().entrySet()) {
                boolean ok = established.contains(e.getKey());
                for (StatementPhrase p : e.getValue()) {
                    Phrase phrase = new Phrase(g.name(), p.anchor(), Pattern.compile(p.continuation()), ok);
                    (ok ? allowed : banned).add(phrase);
                }
            }
        }
    }

    /** The guard of a constraint; {@code null} when it refuses nothing. */
    static PhraseGuard of(ConsistencyConstraint constraint) {
        PhraseGuard guard = new PhraseGuard(constraint);
        return guard.banned.isEmpty() ? null : guard;
    }

    /**
     * Whether {@code piece} may follow {@code before}.
     *
     * @param before the answer's text so far
     * @param piece  the text the candidate token adds (an incomplete last character is ignored)
     */
    boolean allows(CharSequence before, String piece) {
        int cut = piece.length();
        while (cut > 0 && piece.charAt(cut - 1) == '\uFFFD') {
            cut--;
        }
        if (cut == 0) {
            return true;
        }
        String text = before.toString() + piece.substring(0, cut);
        int from = before.length();
        for (Phrase p : banned) {
            if (p.anchor().isEmpty()) {
                if (refuses(p, text, 0, from)) {
                    return false;
                }
                continue;
            }
            int start = Math.max(0, from - WINDOW);
            for (int at = text.indexOf(p.anchor(), start); at >= 0; at = text.indexOf(p.anchor(), at + 1)) {
                if (refuses(p, text, at + p.anchor().length(), from)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the text after {@code end} (an anchor's end) states, or has begun to state, a banned value. */
    private boolean refuses(Phrase p, String text, int end, int from) {
        if (end >= text.length()) {
            return false; // the anchor is all there is: nothing is stated yet
        }
        String rest = text.substring(end);
        Matcher m = p.continuation().matcher(rest);
        if (m.lookingAt()) {
            return end + m.end() > from; // complete, and with the new text
        }
        return m.hitEnd() && !couldBeAllowed(p, rest);
    }

    /** Whether {@code rest} is, or may still become, an allowed statement of the group after the same anchor. */
    private boolean couldBeAllowed(Phrase p, String rest) {
        for (Phrase a : allowed) {
            if (a.group().equals(p.group()) && a.anchor().equals(p.anchor())) {
                Matcher m = a.continuation().matcher(rest);
                if (m.lookingAt() ? m.end() == rest.length() : m.hitEnd()) {
                    return true;
                }
            }
        }
        return false;
    }
}
