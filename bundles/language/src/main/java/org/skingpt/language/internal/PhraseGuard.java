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
 * mm" (not), so only "1." is refused. Partial matches use {@link Matcher#hitEnd()}. An empty anchor is the
 * answer's start, after any leading white space.
 *
 * <p>After an anchor of a {@linkplain StatementGroup#closed() closed} group with established values, only
 * (the beginning of) an established value's phrase may follow: "consistent with " refuses "acne" when answer
 * 1 named melanoma, and also " acne" or a synonym, which a model kept from its first choice tends to write.
 *
 * <p>A group in the constraint with no established values (the locale's {@code unestablished=refused}) has all
 * its phrases refused: the answer states nothing of it.
 *
 * <p>Only text near the end is searched: a statement cannot be longer than {@link #WINDOW} characters.
 */
final class PhraseGuard {

    /** Longest anchor plus statement, in characters. */
    static final int WINDOW = 200;
    /** How far after its anchor, within the sentence and at a word's start, a refused statement is still refused. */
    static final int SLACK = 16;

    private record Phrase(String group, String anchor, Pattern continuation, boolean allowed) {
    }

    /** Where a statement of a group follows an anchor: the group, the anchor, the anchor's end in the text. */
    private record AnchorAt(String group, String anchor, int end) {
    }

    private final List<Phrase> banned = new ArrayList<>();
    /** The banned phrases of groups with no established value (withheld: not to be stated at all). */
    private final List<Phrase> withheld = new ArrayList<>();
    private final List<Phrase> allowed = new ArrayList<>();
    /** The allowed phrases of closed groups: after their anchors nothing else may follow. */
    private final List<Phrase> required = new ArrayList<>();

    private PhraseGuard(ConsistencyConstraint constraint) {
        for (StatementGroup g : constraint.groups()) {
            Set<String> established = constraint.established().get(g.name());
            if (established == null) {
                continue; // nothing stated yet: the answer is free in this group
            }
            // Present with no values: a group the answer states only as established, and nothing was: all refused.
            for (Map.Entry<String, List<StatementPhrase>> e : g.phrases().entrySet()) {
                boolean ok = established.contains(e.getKey());
                for (StatementPhrase p : e.getValue()) {
                    Phrase phrase = new Phrase(g.name(), p.anchor(), Pattern.compile(p.continuation()), ok);
                    (ok ? allowed : banned).add(phrase);
                    if (established.isEmpty()) {
                        withheld.add(phrase);
                    }
                    if (ok && g.closed()) {
                        required.add(phrase);
                    }
                }
            }
        }
    }

    /** The guard of a constraint; {@code null} when it refuses nothing. */
    static PhraseGuard of(ConsistencyConstraint constraint) {
        PhraseGuard guard = new PhraseGuard(constraint);
        return guard.banned.isEmpty() && guard.required.isEmpty() ? null : guard;
    }

    /**
     * Whether {@code piece} may follow {@code before}.
     *
     * @param before the answer's text so far
     * @param piece  the text the candidate token adds (an incomplete last character as U+FFFD)
     */
    boolean allows(CharSequence before, String piece) {
        if (piece.isEmpty()) {
            // A token that shows nothing (a special token) does not go on with a begun statement either.
            return mayEnd(before);
        }
        // An incomplete last character stays U+FFFD, which no phrase contains: it begins no refused statement,
        // and it does not go on with an allowed one that has begun (a digit is needed there, not a byte).
        String text = before.toString() + piece;
        int from = before.length();
        if (refusedByAny(banned, text, from)) {
            return false;
        }
        // After the anchor of a closed group, the text must be able to become an established value's phrase.
        for (Phrase p : required) {
            for (int end : anchorEnds(p, text, from)) {
                if (end < text.length() && (end >= from || mayBecomeRequired(p, text.substring(end, from)))
                        && !mayBecomeRequired(p, text.substring(end))) {
                    return false;
                }
            }
        }
        // A statement of an allowed value that has begun is finished: "1" after "about " was let through as the
        // start of "13 mm", so "1 mm", "1 about" or "1." (small) may not follow; the model picks among the digits.
        for (Phrase p : allowed) {
            for (int end : anchorEnds(p, text, from)) {
                if (end < from && begun(p, text.substring(end, from)) && !continues(p, text.substring(end))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether {@code piece} after {@code before} begins a statement of a withheld group (one the constraint has with
     * no values): the model wants to state what the answer is not to state at all. {@link #allows} refuses it too.
     */
    boolean withholds(CharSequence before, String piece) {
        return !piece.isEmpty() && refusedByAny(withheld, before.toString() + piece, before.length());
    }

    /**
     * Whether {@code piece} after {@code before} begins, or goes on with, a statement of an established value right
     * after its anchor: where the model's first choice was refused, the answer says the established value in its
     * place ("皮损" then "边缘逐渐…" where the model wanted "与正常皮肤分界清楚" and answer 1 said the edge is
     * ill-defined) instead of what the model ranks next, which, pushed off its path, is often no statement at all.
     */
    boolean beginsAllowed(CharSequence before, String refused, String piece) {
        java.util.function.Predicate<String> test = beginsAllowedAfter(before, refused);
        return test != null && test.test(piece);
    }

    /**
     * {@link #beginsAllowed} for many pieces after the same text and refused piece: {@code null} where no established
     * value's statement of the group the refused piece was to state may begin or go on there, after the same anchor
     * (no piece could), else the test of a piece. Only that group's: after an anchor that several groups share ("可见"
     * then brown pigment, or papules), the model kept from one statement is not pushed into another.
     */
    java.util.function.Predicate<String> beginsAllowedAfter(CharSequence before, String refused) {
        String said = before.toString();
        int from = said.length();
        String refusedText = said + refused;
        Set<AnchorAt> refusedAt = new java.util.HashSet<>();
        for (Phrase p : banned) {
            for (int end : anchorEnds(p, refusedText, from)) {
                if (end <= from && refuses(p, refusedText, end, from)) {
                    refusedAt.add(new AnchorAt(p.group(), p.anchor(), end));
                }
            }
        }
        if (refusedAt.isEmpty()) {
            return null;
        }
        List<Phrase> open = new ArrayList<>();
        List<Integer> openEnds = new ArrayList<>();
        for (Phrase p : allowed) {
            for (int end : anchorEnds(p, said, from)) {
                if (!refusedAt.contains(new AnchorAt(p.group(), p.anchor(), end))) {
                    continue;
                }
                String rest = said.substring(end);
                Matcher m = p.continuation().matcher(rest);
                if (rest.isEmpty() || !m.lookingAt() && m.hitEnd()) {
                    open.add(p); // right after its anchor, or begun and not finished
                    openEnds.add(end);
                }
            }
        }
        if (open.isEmpty()) {
            return null;
        }
        return piece -> {
            if (piece.isEmpty()) {
                return false;
            }
            String text = said + piece;
            for (int i = 0; i < open.size(); i++) {
                int end = openEnds.get(i);
                Matcher m = open.get(i).continuation().matcher(text.substring(end));
                if (m.lookingAt() ? end + m.end() > from : m.hitEnd()) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Whether one of {@code phrases} refuses the text from {@code from} on (see {@link #allows}). */
    private boolean refusedByAny(List<Phrase> phrases, String text, int from) {
        for (Phrase p : phrases) {
            if (p.anchor().isEmpty()) {
                int start = 0;
                while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
                    start++; // the answer's start: an answer may begin with the space after the assistant prefix
                }
                if (refuses(p, text, start, from)) {
                    return true;
                }
                continue;
            }
            int start = Math.max(0, from - WINDOW);
            for (int at = text.indexOf(p.anchor(), start); at >= 0; at = text.indexOf(p.anchor(), at + 1)) {
                int end = at + p.anchor().length();
                if (refuses(p, text, end, from)) {
                    return true;
                }
                // Nor a few words later in the same sentence: refused right after its anchor, a small model
                // tends to repeat a word and make the statement anyway ("The lesion is is raised").
                for (int k = end + 1; k < text.length() && k <= end + SLACK; k++) {
                    char c = text.charAt(k - 1);
                    if (c == '.' || c == '\u3002' || c == '\n') {
                        break;
                    }
                    if ((c == ' ' || c == '(') && refuses(p, text, k, from)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the answer may end after {@code text}: no allowed statement has begun without being finished. */
    boolean mayEnd(CharSequence text) {
        String t = text.toString();
        for (Phrase p : required) {
            if (!p.anchor().isEmpty() && t.endsWith(p.anchor())) {
                return false; // the anchor of a closed group promises a value
            }
        }
        for (Phrase p : allowed) {
            for (int end : anchorEnds(p, t, t.length())) {
                if (end < t.length() && begun(p, t.substring(end))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether {@code rest}, the text after an anchor of a closed group, is empty, states an established value
     * of the group after that anchor, or may still become such a statement.
     */
    private boolean mayBecomeRequired(Phrase p, String rest) {
        // An incomplete last character (a byte token, U+FFFD until its character is complete) may still become
        // the established value's next character: judged by the text before it.
        int complete = rest.length();
        while (complete > 0 && rest.charAt(complete - 1) == '\uFFFD') {
            complete--;
        }
        rest = rest.substring(0, complete);
        if (rest.isEmpty()) {
            return true;
        }
        for (Phrase r : required) {
            if (r.group().equals(p.group()) && r.anchor().equals(p.anchor())) {
                Matcher m = r.continuation().matcher(rest);
                if (m.lookingAt() || m.hitEnd()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Ends of the anchors of {@code p} in the searched window of {@code text}. */
    private static List<Integer> anchorEnds(Phrase p, String text, int from) {
        List<Integer> ends = new ArrayList<>();
        if (p.anchor().isEmpty()) {
            int start = 0;
            while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            ends.add(start);
            return ends;
        }
        for (int at = text.indexOf(p.anchor(), Math.max(0, from - WINDOW)); at >= 0; at = text.indexOf(p.anchor(), at + 1)) {
            ends.add(at + p.anchor().length());
        }
        return ends;
    }

    /** Whether {@code rest} is the unfinished beginning of a statement {@code p} (not empty, not complete). */
    private static boolean begun(Phrase p, String rest) {
        if (rest.isEmpty()) {
            return false;
        }
        Matcher m = p.continuation().matcher(rest);
        return !m.lookingAt() && m.hitEnd();
    }

    /** Whether {@code rest} completes, or may still complete, an allowed statement of {@code p}'s group and anchor. */
    private boolean continues(Phrase p, String rest) {
        return anyAllowed(p, rest, m -> true);
    }

    /** Whether the text after {@code end} (an anchor's end) states, or has begun to state, a banned value. */
    private boolean refuses(Phrase p, String text, int end, int from) {
        if (end >= text.length()) {
            return false; // the anchor is all there is: nothing is stated yet
        }
        String rest = text.substring(end);
        Matcher m = p.continuation().matcher(rest);
        if (m.lookingAt()) {
            // Complete, and with the new text; unless an allowed statement says as much ("20 mm" is medium as
            // well as large).
            return end + m.end() > from && !allowedCovers(p, rest, m.end());
        }
        return m.hitEnd() && !couldBeAllowed(p, rest);
    }

    /** Whether an allowed statement after the same anchor matches at least the first {@code length} characters. */
    private boolean allowedCovers(Phrase p, String rest, int length) {
        return anyAllowed(p, rest, m -> m.end() >= length);
    }

    /** Whether {@code rest} is, or may still become, an allowed statement of the group after the same anchor. */
    private boolean couldBeAllowed(Phrase p, String rest) {
        return anyAllowed(p, rest, m -> m.end() == rest.length());
    }

    /**
     * Whether an allowed phrase of {@code p}'s group and anchor may still match {@code rest} (the input ended inside
     * it) or matches its beginning in a way {@code complete} accepts.
     */
    private boolean anyAllowed(Phrase p, String rest, java.util.function.Predicate<Matcher> complete) {
        for (Phrase a : allowed) {
            if (a.group().equals(p.group()) && a.anchor().equals(p.anchor())) {
                Matcher m = a.continuation().matcher(rest);
                if (m.lookingAt() ? complete.test(m) : m.hitEnd()) {
                    return true;
                }
            }
        }
        return false;
    }
}
